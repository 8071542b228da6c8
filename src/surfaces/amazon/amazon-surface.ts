import { ScrapioError } from '../../errors';
import type { Clock } from '../../lib/clock';
import { crawlPageRange, crawlResult, pageMeta } from '../shared/page-range-crawl';
import type { Surface, SurfaceResult, ViewContext } from '../surface';
import { searchCrawlQuerySchema, type AmazonSearchCrawlInput } from './amazon-input';
import { amazonSearchResponse } from './amazon-search';
import type { AmazonServices } from './amazon-services';
import type { AmazonSearchProduct } from './search-parser';
import { storedBodyViews } from '../shared/stored-body-views';

export interface AmazonJobServices {
  clock: Clock;
  amazon: AmazonServices;
}

/** What each stored page says about the whole search besides its products. */
interface PageMeta extends Record<string, unknown> {
  url: string;
  number_of_results: number | null;
}

/** The stored job result: the request, and how the crawl ended; the products live in site_search_pages. */
interface CrawlBody extends Record<string, unknown> {
  query: AmazonSearchCrawlInput;
  stopped?: { page: number; code: string; message: string };
}

/**
 * The amazon_search_crawl job (GET /v1/amazon/search/crawl): result pages start_page..end_page, read politely
 * (the AmazonClient spaces requests by amazon.perRequestDelayMs) and stored as each completes. Restarted
 * (crash, shutdown, a retry after a retryable failure), it resumes with the first page not stored. It ends
 * early after the last page Amazon has. A later page that fails for good ends the job `completed` with the
 * pages before it and `result.diagnostics.stopped`; a bot check or changed layout on the first page fails it.
 */
export const amazonSearchCrawlSurface: Surface<AmazonSearchCrawlInput, AmazonJobServices> = {
  kind: 'amazon_search_crawl',
  inputSchema: () => searchCrawlQuerySchema,
  defaultTimeoutMs: (config) => config.limits.timeoutMs,

  async run(input, context): Promise<SurfaceResult> {
    const { client, pages } = context.services.amazon;
    const startPage = input.start_page ?? 1;
    const total = input.end_page - startPage + 1;
    const stored = await pages.pages(context.jobId);
    if (stored.length > 0) context.logger.info({ job_id: context.jobId, pages: stored.length }, 'resuming an Amazon search crawl after its stored pages');
    const outcome = await crawlPageRange<AmazonSearchProduct, PageMeta>({
      jobId: context.jobId,
      startPage,
      endPage: input.end_page,
      store: pages,
      signal: context.signal,
      now: () => context.services.clock.now(),
      async fetchPage(page, signal) {
        const found = await client.searchPage(input, page, signal);
        return { items: found.products, meta: { url: found.url, number_of_results: found.numberOfResults }, hasNext: found.hasNext };
      },
      async onPage(page, items) {
        context.publish('page', { page, results: items });
        await context.setProgress(page - startPage + 1, total);
      },
    });
    const body: CrawlBody = { query: input };
    if (outcome.stopped) body.stopped = outcome.stopped;
    return { status: 'completed', body };
  },

  ...storedBodyViews(resultOf),
};

/** `result` in the shape of the v1 AmazonSearchResponse, products numbered 1..n across the stored pages. */
async function resultOf(body: CrawlBody, view: ViewContext<AmazonJobServices>): Promise<Record<string, unknown>> {
  const { client, pages } = view.services.amazon;
  const stored = await pages.pages<AmazonSearchProduct, PageMeta>(view.jobId);
  const first = stored[0];
  if (!first) throw new ScrapioError('internal_error', `Amazon search crawl ${view.jobId} has no stored page.`);
  const products = stored.flatMap((page) => page.items).map((product, index) => ({ ...product, position: index + 1 }));
  const meta = pageMeta(first);
  const startPage = body.query.start_page ?? 1;
  const result = amazonSearchResponse(
    body.query,
    client.marketplace(body.query),
    { url: meta.url, products, numberOfResults: meta.number_of_results },
    { startPage, endPage: body.query.end_page, pagesReturned: stored.length },
  );
  return crawlResult(result, body.stopped, view);
}
