import type { Db } from '../../db/database';
import { deleteRowsOfExpiredJobs } from '../../db/expired-job-rows';

/** One stored result page of a marketplace search crawl: its products and what it said about the search. */
export interface StoredSitePage<Item = unknown, Meta = Record<string, unknown>> {
  page: number;
  items: Item[];
  meta: Meta;
}

/**
 * Every SQL statement about the pages of a marketplace search crawl job (table site_search_pages), whatever
 * the site: the items are stored as the site's surface shaped them.
 */
export class SitePageStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Stores one page; a page stored twice (a retried attempt that raced) keeps the first copy. */
  async save(jobId: string, page: StoredSitePage, now: number): Promise<void> {
    await this.#db
      .insertInto('site_search_pages')
      .values({
        job_id: jobId,
        page: page.page,
        results: JSON.stringify(page.items),
        result_count: page.items.length,
        meta: JSON.stringify(page.meta),
        fetched_at: now,
      })
      .onConflict((oc) => oc.columns(['job_id', 'page']).doNothing())
      .execute();
  }

  /** The job's stored pages in page order. */
  async pages<Item, Meta = Record<string, unknown>>(jobId: string): Promise<Array<StoredSitePage<Item, Meta>>> {
    const rows = await this.#db.selectFrom('site_search_pages').selectAll().where('job_id', '=', jobId).orderBy('page').execute();
    return rows.map((row) => ({ page: Number(row.page), items: JSON.parse(row.results) as Item[], meta: JSON.parse(row.meta) as Meta }));
  }

  /** Retention: pages of jobs whose result has expired. */
  pruneExpired(now: number): Promise<number> {
    return deleteRowsOfExpiredJobs(this.#db, 'site_search_pages', now);
  }
}
