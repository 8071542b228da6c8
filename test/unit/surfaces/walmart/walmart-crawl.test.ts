import { ScrapioError } from '../../../../src/errors';
import { JobStore } from '../../../../src/jobs/job-store';
import type { JobContext } from '../../../../src/surfaces/surface';
import { SitePageStore } from '../../../../src/surfaces/shared/site-page-store';
import type { SearchProduct } from '../../../../src/surfaces/walmart/search-parser';
import type { FetchedSearchPage, WalmartClient } from '../../../../src/surfaces/walmart/walmart-client';
import { walmartSearchCrawlSurface, type WalmartJobServices } from '../../../../src/surfaces/walmart/walmart-surface';
import { useTempDatabase } from '../../../helpers/temp-database';

const database = useTempDatabase();

const product = (id: string) => ({ product_id: id, title: id, url: `https://www.walmart.com/ip/${id}` }) as SearchProduct;
const facets = { brands: [], ratings: [], price_ranges: [] };

/** A client whose page 2 hangs until the job's signal aborts (a cancel, a timeout or a shutdown mid-crawl). */
function client(controller: AbortController): WalmartClient {
  return {
    searchUrl: (_filters: unknown, page: number) => `https://www.walmart.com/search?q=tv&page=${page}`,
    async searchPage(_filters: unknown, page: number): Promise<FetchedSearchPage> {
      if (page === 2) {
        controller.abort(new ScrapioError('timeout', 'the job timed out', { timedOut: true }));
        throw controller.signal.reason;
      }
      return {
        url: `https://www.walmart.com/search?q=tv&page=${page}`,
        products: [product(`${page}1`), product(`${page}2`)],
        totalResults: 40,
        totalPages: 9,
        facets,
      };
    },
  } as unknown as WalmartClient;
}

describe('walmart_search_crawl on site_search_pages', () => {
  it('aborted mid-crawl, returns completed with the pages stored so far (the worker decides what the job becomes)', async () => {
    await new JobStore(database.db).create({ id: 'job-w', tenant: 't1', kind: 'walmart_search_crawl', priority: 0, input: {}, createdAt: 1 });
    const controller = new AbortController();
    const services: WalmartJobServices = {
      clock: { now: () => 5 } as WalmartJobServices['clock'],
      walmart: { client: client(controller), pages: new SitePageStore(database.db) },
    };
    const progress: number[] = [];
    const context = {
      jobId: 'job-w',
      tenant: 't1',
      attempt: 1,
      signal: controller.signal,
      services,
      logger: { info: () => undefined },
      setProgress: async (done: number) => void progress.push(done),
      publish: () => undefined,
    } as unknown as JobContext<WalmartJobServices>;
    const input = { search: 'tv', start_page: 1, end_page: 3 };
    const result = await walmartSearchCrawlSurface.run(input, context);
    expect(result.status).toBe('completed');
    expect(progress).toEqual([1]);
    const view = await walmartSearchCrawlSurface.resultView(result.body, { jobId: 'job-w', status: 'cancelled', services });
    const body = view.result as { products: Array<{ product_id: string; position: number }>; meta_data: Record<string, unknown> };
    expect(body.products.map((item) => [item.position, item.product_id])).toEqual([
      [1, '11'],
      [2, '12'],
    ]);
    expect(body.meta_data).toMatchObject({ pages_returned: 1, number_of_results: 40, total_pages: 9, url: 'https://www.walmart.com/search?q=tv&page=1' });
  });
});
