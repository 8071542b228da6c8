import type { Db } from '../../db/database';
import { deleteRowsOfExpiredJobs } from '../../db/expired-job-rows';
import type { Facets, SearchProduct } from './search-parser';

/** One search results page of a walmart_search_crawl job, as stored when it completed. */
export interface StoredWalmartPage {
  page: number;
  url: string;
  products: SearchProduct[];
  totalResults: number | null;
  totalPages: number | null;
  facets: Facets;
}

/** Every SQL statement about a walmart_search_crawl job's pages. */
export class WalmartPageStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Stores one page; a page stored twice (a retried attempt that raced) keeps the first copy. */
  async save(jobId: string, page: StoredWalmartPage, now: number): Promise<void> {
    await this.#db
      .insertInto('walmart_pages')
      .values({
        job_id: jobId,
        page: page.page,
        url: page.url,
        products: JSON.stringify(page.products),
        product_count: page.products.length,
        total_results: page.totalResults,
        total_pages: page.totalPages,
        facets: JSON.stringify(page.facets),
        fetched_at: now,
      })
      .onConflict((oc) => oc.columns(['job_id', 'page']).doNothing())
      .execute();
  }

  /** Stored pages in page order. */
  async pages(jobId: string): Promise<StoredWalmartPage[]> {
    const rows = await this.#db.selectFrom('walmart_pages').selectAll().where('job_id', '=', jobId).orderBy('page').execute();
    return rows.map((row) => ({
      page: Number(row.page),
      url: row.url,
      products: JSON.parse(row.products) as SearchProduct[],
      totalResults: row.total_results === null ? null : Number(row.total_results),
      totalPages: row.total_pages === null ? null : Number(row.total_pages),
      facets: JSON.parse(row.facets) as Facets,
    }));
  }

  /** Retention: pages of jobs whose result has expired. */
  pruneExpired(now: number): Promise<number> {
    return deleteRowsOfExpiredJobs(this.#db, 'walmart_pages', now);
  }
}
