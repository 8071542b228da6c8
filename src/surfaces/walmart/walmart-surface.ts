import { coerceError } from '../../errors';
import type { Clock } from '../../lib/clock';
import type { Surface, SurfaceResult, ViewContext } from '../surface';
import { searchCrawlInputSchema, type WalmartCrawlInput } from './walmart-input';
import { planPages, searchResponse, walkPages, type PagePlan } from './walmart-search';
import type { WalmartServices } from './walmart-services';

/** Pages one crawl job reads at most (Walmart itself stops offering pages well before this). */
export const MAX_CRAWL_PAGES = 50;
export const CRAWL_ADVICE = 'split the range over several crawl jobs.';

/** The stored job result: the request and the plan; the products themselves live in walmart_pages. */
interface CrawlBody extends Record<string, unknown> {
  query: WalmartCrawlInput;
  plan: PagePlan;
  stopped?: { page: number; code: string; message: string };
}

export interface WalmartJobServices {
  clock: Clock;
  walmart: WalmartServices;
}

/**
 * The walmart_search_crawl job (GET /v1/walmart/search/crawl): result pages start_page..end_page, read in
 * order, politely (the WalmartClient spaces requests by walmart.perRequestDelayMs), each stored in
 * walmart_pages as it completes. Restarted (crash, shutdown, a retry after a retryable failure, such as the
 * bot check), it resumes after the last stored page; stored pages are never fetched again.
 *
 * A later page that fails for good ends the job `completed` with the pages so far and
 * `result.diagnostics.stopped` naming the failure (an EXT field); a job with no page at all fails.
 */
export const walmartSearchCrawlSurface: Surface<WalmartCrawlInput, WalmartJobServices> = {
  kind: 'walmart_search_crawl',
  inputSchema: () => searchCrawlInputSchema,
  defaultTimeoutMs: (config) => config.limits.timeoutMs,

  async run(input, context): Promise<SurfaceResult> {
    const { signal, jobId } = context;
    const { client, pages } = context.services.walmart;
    const plan = planPages(input.start_page ?? 1, input.end_page, MAX_CRAWL_PAGES, CRAWL_ADVICE);
    const stored = await pages.pages(jobId);
    const last = stored.at(-1);
    const body: CrawlBody = { query: input, plan };
    const finished = last !== undefined && (last.page >= plan.last || last.products.length === 0 || (last.totalPages !== null && last.page >= last.totalPages));
    let done = stored.length;
    const total = plan.last - plan.first + 1;
    if (last && !finished) context.logger.info({ job_id: jobId, page: last.page }, 'resuming a Walmart search crawl after its last stored page');

    if (!finished) {
      try {
        for await (const page of walkPages(client, input, { first: last ? last.page + 1 : plan.first, last: plan.last }, signal)) {
          await pages.save(jobId, page, context.services.clock.now());
          done += 1;
          context.publish('page', { page: page.page, products: page.products.length });
          await context.setProgress(done, total);
        }
      } catch (thrown) {
        // Cancel, timeout or shutdown: keep what is stored (the worker decides whether the job ends or requeues).
        if (!signal.aborted) {
          const error = coerceError(thrown);
          // A retryable failure is retried by the worker pool, and the retry resumes from the stored pages.
          if (error.retryable || done === 0) throw error;
          body.stopped = { page: plan.first + done, code: error.code, message: error.message };
        }
      }
    }
    return { status: 'completed', body };
  },

  async inlineView(result, view) {
    return resultOf(result.body as CrawlBody, view);
  },

  async resultView(stored, view) {
    if (!stored) return { result: {} };
    return resultOf(stored as CrawlBody, view);
  },
};

/** `result` in the shape of the v1 WalmartSearchResponse (less request_id), read from the stored pages. */
async function resultOf(body: CrawlBody, view: ViewContext<WalmartJobServices>): Promise<Record<string, unknown>> {
  const { client, pages } = view.services.walmart;
  const stored = await pages.pages(view.jobId);
  const result = searchResponse(body.query, body.plan, stored, client.searchUrl(body.query, body.plan.first));
  if (view.paging) {
    // EXT ?offset=&limit=: pages the products array of a large crawl.
    const { offset, limit } = view.paging;
    const products = result.products as unknown[];
    result.products = products.slice(offset, offset + limit);
    result.next = offset + limit < products.length && view.nextPageUrl ? view.nextPageUrl(offset + limit, limit) : null;
  }
  if (body.stopped) result.diagnostics = { stopped: body.stopped };
  return { result };
}
