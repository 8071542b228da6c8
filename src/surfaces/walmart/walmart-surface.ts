import type { Clock } from '../../lib/clock';
import { crawlPageRange, crawlResult, pageMeta } from '../shared/page-range-crawl';
import type { StoredSitePage } from '../shared/site-page-store';
import type { Surface, SurfaceResult, ViewContext } from '../surface';
import type { Facets, SearchProduct } from './search-parser';
import { searchCrawlInputSchema, type WalmartCrawlInput } from './walmart-input';
import { hasNextPage, planPages, searchResponse, type PagePlan, type ReadPage } from './walmart-search';
import type { WalmartServices } from './walmart-services';
import { storedBodyViews } from '../shared/stored-body-views';

/** Pages one crawl job reads at most (Walmart itself stops offering pages well before this). */
export const MAX_CRAWL_PAGES = 50;
export const CRAWL_ADVICE = 'split the range over several crawl jobs.';

/** The stored job result: the request and the plan; the products themselves live in site_search_pages. */
interface CrawlBody extends Record<string, unknown> {
  query: WalmartCrawlInput;
  plan: PagePlan;
  stopped?: { page: number; code: string; message: string };
}

/** What each stored page says about the whole search besides its products. */
interface PageMeta extends Record<string, unknown> {
  url: string;
  totalResults: number | null;
  totalPages: number | null;
  facets: Facets;
}

export interface WalmartJobServices {
  clock: Clock;
  walmart: WalmartServices;
}

/**
 * The walmart_search_crawl job (GET /v1/walmart/search/crawl): result pages start_page..end_page, read in
 * order, politely (the WalmartClient spaces requests by walmart.perRequestDelayMs), each stored in
 * site_search_pages as it completes (crawlPageRange). Restarted (crash, shutdown, a retry after a retryable
 * failure, such as the bot check), it resumes after the last stored page; stored pages are never fetched
 * again. It ends early after a page with no products or Walmart's last page.
 *
 * A later page that fails for good ends the job `completed` with the pages so far and
 * `result.diagnostics.stopped` naming the failure (an EXT field); a job with no page at all fails.
 */
export const walmartSearchCrawlSurface: Surface<WalmartCrawlInput, WalmartJobServices> = {
  kind: 'walmart_search_crawl',
  inputSchema: () => searchCrawlInputSchema,
  defaultTimeoutMs: (config) => config.limits.timeoutMs,

  async run(input, context): Promise<SurfaceResult> {
    const { jobId } = context;
    const { client, pages } = context.services.walmart;
    const plan = planPages(input.start_page ?? 1, input.end_page, MAX_CRAWL_PAGES, CRAWL_ADVICE);
    const stored = await pages.pages(jobId);
    if (stored.length > 0) context.logger.info({ job_id: jobId, page: stored.at(-1)?.page }, 'resuming a Walmart search crawl after its last stored page');
    const total = plan.last - plan.first + 1;
    const body: CrawlBody = { query: input, plan };
    try {
      const outcome = await crawlPageRange<SearchProduct, PageMeta>({
        jobId,
        startPage: plan.first,
        endPage: plan.last,
        store: pages,
        signal: context.signal,
        now: () => context.services.clock.now(),
        async fetchPage(page, signal) {
          const read = await client.searchPage(input, page, signal);
          return {
            items: read.products,
            meta: { url: read.url, totalResults: read.totalResults, totalPages: read.totalPages, facets: read.facets },
            hasNext: hasNextPage(read, page),
          };
        },
        async onPage(page, items) {
          context.publish('page', { page, products: items });
          await context.setProgress(page - plan.first + 1, total);
        },
      });
      if (outcome.stopped) body.stopped = outcome.stopped;
    } catch (thrown) {
      // Cancel, timeout or shutdown: keep what is stored (the worker decides whether the job ends or requeues).
      if (!context.signal.aborted) throw thrown;
    }
    return { status: 'completed', body };
  },

  ...storedBodyViews(resultOf),
};

/** A stored page as the response builder reads it. */
function readPage(stored: StoredSitePage<SearchProduct, PageMeta>): ReadPage {
  const { url, totalResults, totalPages, facets } = pageMeta(stored);
  return { page: stored.page, url, products: stored.items, totalResults, totalPages, facets };
}

/** `result` in the shape of the v1 WalmartSearchResponse (less request_id), read from the stored pages. */
async function resultOf(body: CrawlBody, view: ViewContext<WalmartJobServices>): Promise<Record<string, unknown>> {
  const { client, pages } = view.services.walmart;
  const stored = (await pages.pages<SearchProduct, PageMeta>(view.jobId)).map(readPage);
  const result = searchResponse(body.query, body.plan, stored, client.searchUrl(body.query, body.plan.first));
  return crawlResult(result, body.stopped, view);
}
