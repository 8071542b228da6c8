import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { TimeSlice } from '../../lib/time-slice';
import { prepend } from '../http/response-body';
import type { StreamFn } from './fetch-fn';
import { SitemapStreamParser, type SitemapItem } from './sitemap-parser';
import { normalizeUrl } from './url-normalizer';

/**
 * Reads sitemaps (sitemaps.org 0.9): `<urlset>`, `<sitemapindex>` (followed breadth-first, each sitemap
 * fetched once, nesting bounded), gzipped files and plain-text sitemaps (one URL per line). Only sitemap
 * files are fetched, never the pages they list, so a 10,000-URL sitemap costs one request.
 *
 * Sitemaps are untrusted and can be huge (a 150 KB .xml.gz may expand to 49 MB), so each is streamed: bytes
 * are decompressed and parsed chunk by chunk (never one string, never a DOM), reading stops as soon as
 * enough URLs are known, and one byte budget covers every sitemap of the call. Between chunks the event
 * loop gets its turn, so a big sitemap costs time on this job only, not on every request of the server.
 *
 * A sitemap that fails (HTTP error, network error, corrupt gzip) or hits a byte cap keeps the URLs read
 * before the failure and the others are still read: sitemaps are a hint for discovery, not a source of truth.
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
  /** Bytes read of one sitemap (after decompression; default 50 MiB, the protocol's own limit). */
  maxSitemapBytes?: number;
  /** Bytes read across all the sitemaps of this call, counted like maxSitemapBytes (default 50 MiB). */
  maxTotalBytes?: number;
}

const PROTOCOL_MAX_BYTES = 50 * 1024 * 1024;
const MAX_REMEMBERED_LOCS = 10_000;

interface SitemapContent {
  pages: SitemapEntry[];
  children: string[];
  /** Bytes charged to the budget: decompressed, or as received when that is more. */
  bytes: number;
  /** `<loc>` texts already handled in this sitemap (up to MAX_REMEMBERED_LOCS). */
  rawLocs: Set<string>;
}

interface ReadLimits {
  signal?: AbortSignal;
  timeoutMs: number;
  maxBytes: number;
  /** New pages wanted from this sitemap; reading stops once they are found. */
  wantedPages: number;
  maxChildren: number;
  /** Page URLs already yielded: not collected (or counted) again. */
  seenPages: Set<string>;
}

export async function* readSitemaps(startUrls: string[], stream: StreamFn, options: ReadSitemapsOptions): AsyncGenerator<SitemapEntry, void, undefined> {
  const { maxUrls, maxSitemaps, signal, maxDepth = 3, timeoutMs = 30_000, maxSitemapBytes = PROTOCOL_MAX_BYTES, maxTotalBytes = PROTOCOL_MAX_BYTES } = options;
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
  let bytesLeft = maxTotalBytes;
  for (let next = queue.shift(); next !== undefined && fetched < maxSitemaps && bytesLeft > 0; next = queue.shift()) {
    signal?.throwIfAborted();
    fetched++;
    const sitemap = await readSitemap(next.url, stream, {
      signal,
      timeoutMs,
      maxBytes: Math.min(maxSitemapBytes, bytesLeft),
      wantedPages: maxUrls - seenPages.size,
      maxChildren: next.depth < maxDepth ? maxSitemaps : 0,
      seenPages,
    });
    bytesLeft -= sitemap.bytes;
    for (const page of sitemap.pages) yield page;
    if (seenPages.size >= maxUrls) return;
    for (const child of sitemap.children) enqueue(child, next.depth + 1);
  }
}

async function readSitemap(url: string, stream: StreamFn, limits: ReadLimits): Promise<SitemapContent> {
  const content: SitemapContent = { pages: [], children: [], bytes: 0, rawLocs: new Set() };
  try {
    await stream({ url, timeoutMs: limits.timeoutMs, signal: limits.signal }, async (response) => {
      if (response.statusCode < 200 || response.statusCode >= 300) return;
      // `<loc>` must be absolute; a relative one (a common generator bug) is resolved against the final URL.
      const parser = new SitemapStreamParser((item) => collect(item, response.finalUrl, content, limits));
      const enough = () => content.pages.length >= limits.wantedPages || content.children.length >= limits.maxChildren;
      await feed(response.body, parser, limits, content, enough);
    });
  } catch (error) {
    if (limits.signal?.aborted) throw error;
    // Otherwise keep what was read before the failure.
  }
  return content;
}

function collect(item: SitemapItem, base: string, content: SitemapContent, limits: ReadLimits): void {
  if (item.type === 'sitemap') {
    const url = normalizeUrl(item.loc, base);
    if (url !== null && content.children.length < limits.maxChildren) content.children.push(url);
    return;
  }
  // A sitemap that repeats one URL many times costs a lookup per repeat, not a URL parse.
  if (content.rawLocs.has(item.loc)) return;
  if (content.rawLocs.size < MAX_REMEMBERED_LOCS) content.rawLocs.add(item.loc);
  // A plain-text sitemap lists absolute URLs only.
  const url = normalizeUrl(item.loc, item.plainText ? undefined : base);
  if (url === null || limits.seenPages.has(url) || content.pages.length >= limits.wantedPages) return;
  limits.seenPages.add(url);
  content.pages.push(item.lastmod === undefined ? { url } : { url, lastmod: item.lastmod });
}

/**
 * Streams the body through gunzip (a `.xml.gz` file is the payload, not a Content-Encoding, so it arrives
 * still compressed: recognised by its magic bytes) and the parser, within the byte cap, until the parser
 * or the caller has enough. Yields to the event loop between chunks.
 */
async function feed(
  body: AsyncIterable<Buffer>,
  parser: SitemapStreamParser,
  limits: ReadLimits,
  content: SitemapContent,
  enough: () => boolean,
): Promise<void> {
  const slice = new TimeSlice();
  const decoder = new TextDecoder('utf-8'); // the protocol requires UTF-8; a BOM is dropped
  let received = 0;
  let decoded = 0;
  const counted = countBytes(body, (size) => (received += size));
  for await (const chunk of await gunzipIfNeeded(counted)) {
    decoded += chunk.length;
    content.bytes = Math.max(decoded, received);
    const over = content.bytes - limits.maxBytes;
    if (over > 0) {
      // The part within the cap is still parsed: entries that closed before it count.
      if (over < chunk.length) parser.write(decoder.decode(chunk.subarray(0, chunk.length - over), { stream: true }));
      content.bytes = limits.maxBytes;
      return;
    }
    parser.write(decoder.decode(chunk, { stream: true }));
    if (parser.done || enough()) return;
    if (await slice.yieldIfDue()) limits.signal?.throwIfAborted();
  }
  parser.write(decoder.decode());
  parser.end();
}

async function* countBytes(source: AsyncIterable<Buffer>, onChunk: (size: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    onChunk(chunk.length);
    yield chunk;
  }
}

async function gunzipIfNeeded(source: AsyncIterable<Buffer>): Promise<AsyncIterable<Buffer>> {
  const chunks = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await chunks.next();
    if (next.done) return Readable.from(head.length > 0 ? [head] : []);
    head = Buffer.concat([head, next.value]);
  }
  const whole = Readable.from(prepend(head, chunks));
  if (!(head[0] === 0x1f && head[1] === 0x8b)) return whole;
  // Errors of either stream surface through the iteration of the result; stopping early destroys both.
  return pipeline(whole, createGunzip(), () => {});
}
