import type { FetchedDocument } from '../../extract/fetched-document';
import type { FetchFn, StreamFn } from '../../engine/web/fetch-fn';
import type { HostScheduler } from '../../engine/web/host-scheduler';
import { decodeAttributeValue } from '../../engine/web/html-entities';
import { scanLinks } from '../../engine/web/link-extractor';
import type { RobotsCache } from '../../engine/web/robots-cache';
import { sitemapUrlsOf } from '../../engine/web/site-sitemaps';
import { dedupeKey, normalizeUrl, sameSiteAsAny } from '../../engine/web/url-normalizer';

export interface MappedUrl {
  url: string;
  depth: number;
  discovered_from: string | null;
  metadata?: { title?: string };
}

export interface MapPlan {
  seeds: string[];
  maxUrls: number;
  maxDepth: number;
  sameDomainOnly: boolean;
  includeMetadata: boolean;
  concurrency: number;
  timeoutMs: number;
  userAgent: string;
  /** Sitemap bytes read per origin (crawl.sitemapMaxBytes). */
  sitemapMaxBytes: number;
}

export interface MapDeps {
  fetch: FetchFn;
  /** Sitemaps are read as streams: they can be tens of megabytes. */
  stream: StreamFn;
  robots?: RobotsCache;
  scheduler: HostScheduler;
  signal: AbortSignal;
}

export interface MapOutcome {
  urls: MappedUrl[];
  discovered: number;
  frontierExhausted: boolean;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Maps a site's URLs without fetching more pages than it needs: sitemaps first (robots.txt `Sitemap:`
 * lines, else /sitemap.xml; indexes and gzip handled by the reader), then breadth-first link discovery
 * from the seeds, which stops fetching as soon as `maxUrls` URLs are known. A 10,000-URL sitemap therefore
 * costs the sitemap requests and the seed page, not 10,000 fetches.
 */
export async function mapSite(plan: MapPlan, deps: MapDeps): Promise<MapOutcome> {
  const found = new Map<string, MappedUrl>();
  const titles = new Map<string, string>();
  const visited = new Set<string>();
  const onSeedSites = sameSiteAsAny(plan.seeds);
  const inScope = (url: string) => !plan.sameDomainOnly || onSeedSites(url);
  const add = (raw: string, depth: number, from: string | null, base?: string): MappedUrl | undefined => {
    const url = normalizeUrl(raw, base);
    if (!url || !inScope(url)) return undefined;
    const key = dedupeKey(url);
    if (found.has(key)) return undefined;
    const entry: MappedUrl = { url, depth, discovered_from: from };
    found.set(key, entry);
    return entry;
  };

  let frontier: MappedUrl[] = plan.seeds.flatMap((seed) => add(seed, 0, null) ?? []);
  const listed = await sitemapUrlsOf(plan.seeds, {
    stream: deps.stream,
    robots: deps.robots,
    maxUrls: plan.maxUrls * 2,
    maxBytesPerOrigin: plan.sitemapMaxBytes,
    signal: deps.signal,
    timeoutMs: plan.timeoutMs,
  });
  // Sitemap URLs join the frontier at depth 1, so a site mapped from its sitemap is explored (and can be exhausted)
  // like one mapped from its links; a sitemap longer than max_urls still costs no page fetch (the loop stops first).
  const fromSitemaps = listed.flatMap((entry) => add(entry.url, 1, entry.from) ?? []);

  // Breadth-first, one depth level at a time, while more URLs are wanted.
  let exhausted = true;
  for (let depth = 0; frontier.length > 0; depth += 1) {
    if (found.size >= plan.maxUrls) {
      exhausted = false;
      break;
    }
    const next: MappedUrl[] = [];
    await forEachConcurrently(frontier, plan.concurrency, async (entry) => {
      if (deps.signal.aborted) return;
      const page = await visit(entry.url, plan, deps);
      visited.add(dedupeKey(entry.url));
      if (!page) return;
      if (page.title) titles.set(dedupeKey(entry.url), page.title);
      if (depth >= plan.maxDepth) return;
      for (const link of page.links) {
        const added = add(link, depth + 1, entry.url);
        if (added) next.push(added);
      }
    });
    if (deps.signal.aborted) {
      exhausted = false;
      break;
    }
    frontier = depth === 0 && plan.maxDepth >= 1 ? [...next, ...fromSitemaps] : next;
  }
  // URLs known (from sitemaps or past max_depth) but never visited mean the frontier was not exhausted.
  for (const key of found.keys()) if (!visited.has(key)) exhausted = false;

  const urls = [...found.values()].sort((a, b) => a.depth - b.depth).slice(0, plan.maxUrls);
  if (plan.includeMetadata) {
    await forEachConcurrently(urls, plan.concurrency, async (entry) => {
      const key = dedupeKey(entry.url);
      if (!titles.has(key) && !visited.has(key) && !deps.signal.aborted) {
        const page = await visit(entry.url, plan, deps);
        if (page?.title) titles.set(key, page.title);
      }
      const title = titles.get(key);
      entry.metadata = title === undefined ? {} : { title };
    });
  }
  return { urls, discovered: found.size, frontierExhausted: exhausted && found.size <= plan.maxUrls };
}

/** Fetches one page politely; undefined when robots refuse it, it fails, or it is not HTML. */
async function visit(url: string, plan: MapPlan, deps: MapDeps): Promise<{ title?: string; links: string[] } | undefined> {
  try {
    if (deps.robots && !(await deps.robots.isAllowed(url, deps.signal))) return undefined;
    const release = await deps.scheduler.acquire(new URL(url).host, { signal: deps.signal });
    let document: FetchedDocument;
    try {
      document = await deps.fetch({ url, timeoutMs: plan.timeoutMs, signal: deps.signal, headers: { 'user-agent': plan.userAgent } });
    } finally {
      release();
    }
    if (document.statusCode >= 400 || !HTML_TYPES.has(document.contentType) || document.text === undefined) return undefined;
    const found = scanLinks(document.text, document.finalUrl);
    const links = found.metaRobots.nofollow ? [] : found.links.filter((link) => !link.nofollow).map((link) => link.url);
    return { title: titleOf(document.text), links };
  } catch {
    return undefined;
  }
}

function titleOf(html: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const title = match?.[1].replace(/\s+/g, ' ').trim();
  return title ? decodeAttributeValue(title) : undefined;
}

async function forEachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
