import { ScrapioError } from '../../errors';
import type { SearchResultItem } from './search-parser';
import type { SearchParams, YouTubeClient } from './youtube-client';
import type { SearchQuery } from './youtube-input';

/** One fetched page of a search, numbered from 1, with what is needed to fetch the next one. */
export interface NumberedPage {
  page: number;
  items: SearchResultItem[];
  continuation?: string;
  clientVersion?: string;
}

/** Where a walk starts: nothing (page 1), or the last page already fetched (a resumed job). */
export interface WalkFrom {
  page: number;
  continuation: string;
  clientVersion?: string;
}

/**
 * Pages through a search: page 1 is the results page, every later page the InnerTube continuation of the
 * page before it (there is no way to jump to page n). Ends after a page without a continuation token.
 */
export async function* walkSearchPages(
  client: YouTubeClient,
  params: SearchParams,
  from: WalkFrom | undefined,
  signal?: AbortSignal,
): AsyncGenerator<NumberedPage> {
  let previous: NumberedPage | WalkFrom | undefined = from;
  for (;;) {
    const page: NumberedPage = previous
      ? { page: previous.page + 1, ...(await client.nextSearchPage(params, previous.continuation as string, previous.clientVersion, signal)) }
      : { page: 1, ...(await client.firstSearchPage(params, signal)) };
    if (previous?.clientVersion && !page.clientVersion) page.clientVersion = previous.clientVersion;
    yield page;
    if (!page.continuation) return;
    previous = page;
  }
}

/** The plan of a search request: which pages to keep, and when to stop. */
export interface SearchPlan {
  startPage: number;
  /** Last page to fetch (already capped by the page budget). */
  endPage: number;
  limit: number;
}

export function planSearch(query: SearchQuery, defaults: { limit: number; maxPages: number }, endpoint: string): SearchPlan {
  const startPage = query.start_page ?? 1;
  if (startPage > defaults.maxPages) {
    throw new ScrapioError(
      'invalid_request',
      `start_page: ${endpoint} reads at most ${defaults.maxPages} result pages (each needs the page before it); use POST /v1/youtube/search/crawl for deeper pages.`,
    );
  }
  return { startPage, endPage: Math.min(query.end_page ?? defaults.maxPages, defaults.maxPages), limit: query.limit ?? defaults.limit };
}

/** Keeps the results of the requested kind; YouTube mixes kinds even with its own type filter set. */
export function keepKind(items: SearchResultItem[], type: SearchQuery['type']): SearchResultItem[] {
  return !type || type === 'all' ? items : items.filter((item) => item.kind === type);
}

/** The v1 YouTubeSearchResponse fields (without request_id) for the pages kept. */
export function searchResponse(
  query: SearchQuery,
  plan: SearchPlan,
  results: SearchResultItem[],
  pagesCrawled: number,
  lastPage: number,
): Record<string, unknown> {
  const queryContext: Record<string, unknown> = { search: query.search };
  if (query.language) queryContext.language = query.language;
  if (query.country) queryContext.country = query.country;
  queryContext.type = query.type ?? 'all';
  queryContext.start_page = plan.startPage;
  queryContext.end_page = Math.max(plan.startPage, lastPage);
  return {
    results,
    pagination: {
      limit: plan.limit,
      count: results.length,
      start_page: plan.startPage,
      end_page: Math.max(plan.startPage, lastPage),
      pages_crawled: Math.max(1, pagesCrawled),
    },
    query_context: queryContext,
  };
}

/** GET /v1/youtube/search: pages start_page..end_page (or until `limit` results), inline. */
export async function searchYouTube(client: YouTubeClient, query: SearchQuery, plan: SearchPlan, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const results: SearchResultItem[] = [];
  const seen = new Set<string>();
  let pagesCrawled = 0;
  let lastPage = 0;
  for await (const page of walkSearchPages(client, query, undefined, signal)) {
    if (page.page >= plan.startPage) {
      pagesCrawled += 1;
      lastPage = page.page;
      for (const item of keepKind(page.items, query.type)) {
        if (results.length >= plan.limit) break;
        if (seen.has(`${item.kind}:${item.id}`)) continue; // a result repeated on a later page
        seen.add(`${item.kind}:${item.id}`);
        results.push(item);
      }
    }
    if (results.length >= plan.limit || page.page >= plan.endPage) break;
  }
  if (results.length === 0) {
    const where = pagesCrawled === 0 ? ` (the results end before page ${plan.startPage})` : '';
    throw new ScrapioError(
      'not_found',
      `No YouTube results for "${query.search}"${query.type && query.type !== 'all' ? ` of type ${query.type}` : ''}${where}.`,
    );
  }
  return searchResponse(query, plan, results, pagesCrawled, lastPage);
}
