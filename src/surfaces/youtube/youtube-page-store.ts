import type { Selectable } from 'kysely';
import type { Db } from '../../db/database';
import type { YouTubePagesTable } from '../../db/schema';
import { deleteRowsOfExpiredJobs } from '../../db/expired-job-rows';
import type { SearchResultItem } from './search-parser';

export type YouTubePageRow = Selectable<YouTubePagesTable>;

export interface StoredSearchPage {
  page: number;
  items: SearchResultItem[];
  continuation?: string;
  clientVersion?: string;
}

/** Every SQL statement about a youtube_search_crawl job's pages. */
export class YouTubePageStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Stores one page; a page stored twice (a retried attempt that raced) keeps the first copy. */
  async save(jobId: string, page: StoredSearchPage, now: number): Promise<void> {
    await this.#db
      .insertInto('youtube_pages')
      .values({
        job_id: jobId,
        page: page.page,
        results: JSON.stringify(page.items),
        result_count: page.items.length,
        continuation: page.continuation ?? null,
        client_version: page.clientVersion ?? null,
        fetched_at: now,
      })
      .onConflict((oc) => oc.columns(['job_id', 'page']).doNothing())
      .execute();
  }

  /** The last page stored: a resumed job continues with its continuation token. */
  async last(jobId: string): Promise<StoredSearchPage | undefined> {
    const row = await this.#db.selectFrom('youtube_pages').selectAll().where('job_id', '=', jobId).orderBy('page', 'desc').limit(1).executeTakeFirst();
    return row && toPage(row);
  }

  /** Stored pages from `fromPage` on, in page order. */
  async pages(jobId: string, fromPage = 1): Promise<StoredSearchPage[]> {
    const rows = await this.#db.selectFrom('youtube_pages').selectAll().where('job_id', '=', jobId).where('page', '>=', fromPage).orderBy('page').execute();
    return rows.map(toPage);
  }

  /** Retention: pages of jobs whose result has expired. */
  pruneExpired(now: number): Promise<number> {
    return deleteRowsOfExpiredJobs(this.#db, 'youtube_pages', now);
  }
}

function toPage(row: YouTubePageRow): StoredSearchPage {
  const page: StoredSearchPage = { page: Number(row.page), items: JSON.parse(row.results) as SearchResultItem[] };
  if (row.continuation) page.continuation = row.continuation;
  if (row.client_version) page.clientVersion = row.client_version;
  return page;
}
