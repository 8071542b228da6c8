import type { StreamFn } from './fetch-fn';
import type { RobotsCache } from './robots-cache';
import { readSitemaps } from './sitemap-reader';

export interface SitemapDiscovery {
  stream: StreamFn;
  /** Where the origins' `Sitemap:` lines come from; without it, /sitemap.xml is read. */
  robots?: RobotsCache;
  maxUrls: number;
  /** Bytes read across all sitemaps of one origin, after decompression (crawl.sitemapMaxBytes). */
  maxBytesPerOrigin: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Most sitemap files read per origin (indexes included). */
const MAX_SITEMAPS = 50;

/**
 * Page URLs listed in the seeds' sitemaps: each origin's robots.txt `Sitemap:` lines, else /sitemap.xml.
 * `from` is the sitemap the URL was found through (a page's `discovered_from`). Used by crawl and map.
 */
export async function sitemapUrlsOf(seeds: string[], options: SitemapDiscovery): Promise<Array<{ url: string; from: string }>> {
  const found: Array<{ url: string; from: string }> = [];
  for (const origin of new Set(seeds.map((seed) => new URL(seed).origin))) {
    const declared = options.robots ? await options.robots.sitemaps(origin, options.signal) : [];
    const starts = declared.length > 0 ? declared : [`${origin}/sitemap.xml`];
    const reader = readSitemaps(starts, options.stream, {
      maxUrls: options.maxUrls,
      maxSitemaps: MAX_SITEMAPS,
      maxTotalBytes: options.maxBytesPerOrigin,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    for await (const entry of reader) found.push({ url: entry.url, from: starts[0] });
  }
  return found;
}
