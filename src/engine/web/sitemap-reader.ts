import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import type { FetchFn } from './fetch-fn';
import { normalizeUrl } from './url-normalizer';

/**
 * Reads sitemaps (sitemaps.org 0.9): `<urlset>`, `<sitemapindex>` (followed breadth-first, each sitemap
 * fetched once, nesting bounded), gzipped files and plain-text sitemaps (one URL per line). Only sitemap
 * files are fetched, never the pages they list, so a 10,000-URL sitemap costs one request.
 *
 * A sitemap that fails (HTTP error, network error, corrupt gzip, over the size cap) is skipped and the
 * others are still read: sitemaps are a hint for discovery, not a source of truth.
 */

export interface SitemapEntry {
  url: string;
  /** As written in the sitemap (W3C datetime), not parsed. */
  lastmod?: string;
}

export interface ReadSitemapsOptions {
  /** Stop after this many distinct page URLs. */
  maxUrls: number;
  /** Stop after fetching this many sitemap files (start URLs included). */
  maxSitemaps: number;
  signal?: AbortSignal;
  /** Levels of sitemap indexes followed below the start URLs (default 3; the protocol allows 1). */
  maxDepth?: number;
  timeoutMs?: number;
  /** Size cap of one sitemap after decompression (default 50 MiB, the protocol's own limit). */
  maxSitemapBytes?: number;
}

const gunzipAsync = promisify(gunzip);

const parser = new XMLParser({
  ignoreAttributes: true,
  // Some generators prefix the sitemap namespace (`<sm:urlset>`); extension tags such as image:loc stay nested.
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

interface ParsedSitemap {
  pages: SitemapEntry[];
  children: string[];
}

export async function* readSitemaps(startUrls: string[], fetch: FetchFn, options: ReadSitemapsOptions): AsyncGenerator<SitemapEntry, void, undefined> {
  const { maxUrls, maxSitemaps, signal, maxDepth = 3, timeoutMs = 30_000, maxSitemapBytes = 50 * 1024 * 1024 } = options;
  if (maxUrls <= 0) return;
  const queue: Array<{ url: string; depth: number }> = [];
  const queued = new Set<string>();
  const enqueue = (url: string, depth: number) => {
    if (!queued.has(url)) {
      queued.add(url);
      queue.push({ url, depth });
    }
  };
  for (const raw of startUrls) {
    const url = normalizeUrl(raw);
    if (url !== null) enqueue(url, 0);
  }

  const seenPages = new Set<string>();
  let fetched = 0;
  for (let next = queue.shift(); next !== undefined && fetched < maxSitemaps; next = queue.shift()) {
    signal?.throwIfAborted();
    fetched++;
    const sitemap = await fetchSitemap(next.url, fetch, { signal, timeoutMs, maxSitemapBytes });
    if (sitemap === null) continue;
    for (const page of sitemap.pages) {
      if (seenPages.has(page.url)) continue;
      seenPages.add(page.url);
      yield page;
      if (seenPages.size >= maxUrls) return;
    }
    if (next.depth < maxDepth) for (const child of sitemap.children) enqueue(child, next.depth + 1);
  }
}

async function fetchSitemap(
  url: string,
  fetch: FetchFn,
  options: { signal?: AbortSignal; timeoutMs: number; maxSitemapBytes: number },
): Promise<ParsedSitemap | null> {
  let text: string;
  let base: string;
  try {
    const document = await fetch({ url, timeoutMs: options.timeoutMs, signal: options.signal, maxResponseBytes: options.maxSitemapBytes });
    if (document.statusCode < 200 || document.statusCode >= 300) return null;
    base = document.finalUrl;
    text = isGzip(document.body)
      ? // A `.xml.gz` file is the payload, not a Content-Encoding, so the HTTP client hands it over still compressed.
        (await gunzipAsync(document.body, { maxOutputLength: options.maxSitemapBytes })).toString('utf8')
      : (document.text ?? document.body.toString('utf8'));
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return null;
  }
  return parseSitemap(text.replace(/^\uFEFF/, ''), base);
}

function parseSitemap(text: string, base: string): ParsedSitemap {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('<')) return { pages: parseTextSitemap(trimmed), children: [] };
  let document: unknown;
  try {
    document = parser.parse(trimmed);
  } catch {
    return { pages: [], children: [] };
  }
  const root = document as { urlset?: { url?: unknown[] }; sitemapindex?: { sitemap?: unknown[] } };
  const pages: SitemapEntry[] = [];
  for (const item of root.urlset?.url ?? []) {
    const url = locOf(item, base);
    if (url === null) continue;
    const lastmod = (item as { lastmod?: unknown }).lastmod;
    pages.push(typeof lastmod === 'string' && lastmod !== '' ? { url, lastmod } : { url });
  }
  const children: string[] = [];
  for (const item of root.sitemapindex?.sitemap ?? []) {
    const url = locOf(item, base);
    if (url !== null) children.push(url);
  }
  return { pages, children };
}

/** `<loc>` must be absolute; a relative one (a common generator bug) is resolved against the sitemap's URL. */
function locOf(item: unknown, base: string): string | null {
  const loc = (item as { loc?: unknown } | null)?.loc;
  return typeof loc === 'string' && loc !== '' ? normalizeUrl(loc, base) : null;
}

function parseTextSitemap(text: string): SitemapEntry[] {
  const pages: SitemapEntry[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const url = line.trim() === '' ? null : normalizeUrl(line.trim());
    if (url !== null) pages.push({ url });
  }
  return pages;
}

function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}
