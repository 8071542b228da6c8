import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { JobsTable } from '../db/schema';
import type { SearchResultItem } from './search-parser';

/** Row type of youtube_pages (migration 005); the same interface is listed in db/schema.ts's Database. */
export interface YouTubePagesTable {
  job_id: string;
  page: number;
  results: string;
  result_count: number;
  continuation: string | null;
  client_version: string | null;
  fetched_at: number;
}

export type YouTubePageRow = Selectable<YouTubePagesTable>;

export interface StoredSearchPage {
  page: number;
  items: SearchResultItem[];
  continuation?: string;
  clientVersion?: string;
}

/** The tables this store touches, so it compiles against exactly what it needs of the Database type. */
interface YouTubeTables {
  youtube_pages: YouTubePagesTable;
  jobs: JobsTable;
}

/** Every SQL statement about a youtube_search_crawl job's pages. */
export class YouTubePageStore {
  readonly #db: Kysely<YouTubeTables>;

  constructor(db: Db) {
    this.#db = db as unknown as Kysely<YouTubeTables>;
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
  async pruneExpired(now: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('youtube_pages')
      .where('job_id', 'in', (eb) => eb.selectFrom('jobs').select('id').where('result_expires_at', '<=', now))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toPage(row: YouTubePageRow): StoredSearchPage {
  const page: StoredSearchPage = { page: Number(row.page), items: JSON.parse(row.results) as SearchResultItem[] };
  if (row.continuation) page.continuation = row.continuation;
  if (row.client_version) page.clientVersion = row.client_version;
  return page;
}
