import { coerceError, ScrapioError } from '../../errors';
import type { Surface, SurfaceResult, ViewContext } from '../surface';
import type { SearchResultItem } from './search-parser';
import type { Clock } from '../../lib/clock';
import type { YouTubeServices } from './youtube-services';
import { searchCrawlInputSchema, type SearchQuery } from './youtube-input';
import { keepKind, planSearch, searchResponse, walkSearchPages, type SearchPlan } from './youtube-search';
import { storedBodyViews } from '../shared/stored-body-views';

/** Results a crawl job collects when the request sets no `limit` (the spec's maximum is 1000). */
export const DEFAULT_CRAWL_LIMIT = 100;
/** Pages one job reads at most: about 20 results a page, so enough for the spec's limit of 1000. */
export const MAX_CRAWL_PAGES = 60;

/** The stored job result: the request and the plan; the results themselves live in youtube_pages. */
interface CrawlBody extends Record<string, unknown> {
  query: SearchQuery;
  plan: SearchPlan;
  stopped?: { page: number; code: string; message: string };
}

/**
 * The youtube_search_crawl job (POST /v1/youtube/search/crawl): pages start_page..end_page through the
 * continuation tokens, politely (the YouTubeClient spaces requests by youtube.perRequestDelayMs), storing each
 * page as it arrives. Restarted (crash, shutdown, a retry after a retryable failure), it resumes after the last
 * stored page with that page's continuation token; stored pages are never fetched again. Pages before
 * start_page must be fetched for their tokens; they are stored without results.
 *
 * Its status never says `partial` (the v1 YouTubeSearchJobStatusResponse has no such value): a later page that
 * fails for good ends the job `completed` with the pages so far and `result.diagnostics.stopped` naming the
 * failure; a job with no result at all fails.
 */
export interface YouTubeJobServices {
  clock: Clock;
  youtube: YouTubeServices;
}

export const youtubeSearchCrawlSurface: Surface<SearchQuery, YouTubeJobServices> = {
  kind: 'youtube_search_crawl',
  inputSchema: () => searchCrawlInputSchema,
  defaultTimeoutMs: (config) => config.limits.timeoutMs,

  async run(input, context): Promise<SurfaceResult> {
    const { signal, jobId } = context;
    const { client, pages } = context.services.youtube;
    const now = () => context.services.clock.now();
    const plan = planSearch(input, { limit: DEFAULT_CRAWL_LIMIT, maxPages: MAX_CRAWL_PAGES }, 'POST /v1/youtube/search/crawl');
    const stored = await pages.pages(jobId);
    const last = stored.at(-1);
    let kept = stored.reduce((total, page) => total + page.items.length, 0);
    const body: CrawlBody = { query: input, plan };
    const finished = last !== undefined && (!last.continuation || last.page >= plan.endPage || kept >= plan.limit);
    if (last && !finished) context.logger.info({ job_id: jobId, page: last.page }, 'resuming a YouTube search crawl after its last stored page');

    if (!finished) {
      const from = last?.continuation ? { page: last.page, continuation: last.continuation, clientVersion: last.clientVersion } : undefined;
      try {
        for await (const page of walkSearchPages(client, input, from, signal)) {
          const items = page.page >= plan.startPage ? keepKind(page.items, input.type) : [];
          await pages.save(jobId, { ...page, items }, now());
          kept += items.length;
          context.publish('page', { page: page.page, results: items.length });
          await context.setProgress(Math.min(kept, plan.limit), plan.limit);
          if (kept >= plan.limit || page.page >= plan.endPage) break;
        }
      } catch (thrown) {
        // Cancel, timeout or shutdown: keep what is stored (the worker decides whether the job ends or requeues).
        if (!signal.aborted) {
          const error = coerceError(thrown);
          // A retryable failure is retried by the worker pool, and the retry resumes from the stored pages.
          if (error.retryable || kept === 0) throw error;
          const lastStored = (await pages.last(jobId))?.page ?? 0;
          body.stopped = { page: lastStored + 1, code: error.code, message: error.message };
        }
      }
    }
    if (kept === 0 && !signal.aborted) {
      throw new ScrapioError(
        'not_found',
        `No YouTube results for "${input.search}" from page ${plan.startPage}${input.type && input.type !== 'all' ? ` of type ${input.type}` : ''}.`,
      );
    }
    return { status: 'completed', body };
  },

  ...storedBodyViews(resultOf),
};

/** `result` in the shape of the v1 YouTubeSearchResponse (results, pagination, query_context), read from the stored pages. */
async function resultOf(body: CrawlBody, view: ViewContext<YouTubeJobServices>): Promise<Record<string, unknown>> {
  const { pages } = view.services.youtube;
  const stored = await pages.pages(view.jobId, body.plan.startPage);
  const results: SearchResultItem[] = [];
  const seen = new Set<string>();
  for (const page of stored) {
    for (const item of page.items) {
      const key = `${item.kind}:${item.id}`;
      if (results.length >= body.plan.limit || seen.has(key)) continue;
      seen.add(key);
      results.push(item);
    }
  }
  const lastPage = stored.at(-1)?.page ?? body.plan.startPage;
  const result = searchResponse(body.query, body.plan, results, stored.length, lastPage);
  if (view.paging) {
    // EXT ?offset=&limit=: pages the results array of a large crawl.
    const { offset, limit } = view.paging;
    result.results = results.slice(offset, offset + limit);
    result.next = offset + limit < results.length && view.nextPageUrl ? view.nextPageUrl(offset + limit, limit) : null;
  }
  if (body.stopped) result.diagnostics = { stopped: body.stopped };
  return { result };
}
