import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../../db/database';
import { deleteRowsOfExpiredJobs } from '../../db/expired-job-rows';
import type { CrawlPagesTable, CrawlPageState, Database } from '../../db/schema';

export type CrawlPageRow = Selectable<CrawlPagesTable>;

export interface FrontierEntry {
  url: string;
  dedupeKey: string;
  depth: number;
  discoveredFrom: string | null;
}

export interface PageOutcome {
  seq: number;
  state: Exclude<CrawlPageState, 'queued'>;
  title?: string;
  outputs?: Record<string, unknown>;
  error?: { code: string; message: string };
  skipReason?: string;
  fetchedAt: number;
}

export type StateCounts = Record<CrawlPageState, number>;

/** 7 columns a row: well under SQLite's 32,766 bound variables per statement. */
const ENQUEUE_CHUNK = 500;

const FETCHED_STATES: CrawlPageState[] = ['succeeded', 'partial', 'failed'];

/** Every SQL statement about a crawl's frontier and pages. Writes come in batches, one transaction each. */
export class CrawlStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async maxSeq(jobId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('crawl_pages')
      .select((eb) => eb.fn.max('seq').as('max'))
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return row?.max == null ? 0 : Number(row.max);
  }

  /**
   * Adds URLs to the frontier in order, numbered from `firstSeq` (the caller then advances by
   * entries.length: a URL the crawl already knows is ignored by the unique dedupe key and leaves a gap in
   * the numbering, which only orders rows). Multi-row inserts, chunked under SQLite's variable limit.
   */
  async enqueue(jobId: string, entries: FrontierEntry[], firstSeq: number): Promise<void> {
    if (entries.length === 0) return;
    await this.#db.transaction().execute((trx) => insertFrontier(trx, jobId, entries, firstSeq));
  }

  /** The next queued URLs in discovery order (breadth-first). */
  async nextQueued(jobId: string, limit: number, afterSeq = 0): Promise<CrawlPageRow[]> {
    return this.#db
      .selectFrom('crawl_pages')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('state', '=', 'queued')
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  /**
   * Stores a visited page's outcome and the new URLs found on it (numbered from `firstSeq`, as enqueue) in one
   * transaction: a crash cannot keep the page while losing its links, which a resumed crawl would never refetch.
   * Resolves with the number of URLs that were new to the frontier.
   */
  async recordVisit(jobId: string, outcome: PageOutcome, found: FrontierEntry[], firstSeq: number): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      await trx
        .updateTable('crawl_pages')
        .set({
          state: outcome.state,
          title: outcome.title ?? null,
          outputs: outcome.outputs === undefined ? null : JSON.stringify(outcome.outputs),
          error_code: outcome.error?.code ?? null,
          error_message: outcome.error?.message ?? null,
          skip_reason: outcome.skipReason ?? null,
          fetched_at: outcome.fetchedAt,
        })
        .where('job_id', '=', jobId)
        .where('seq', '=', outcome.seq)
        .execute();
      return insertFrontier(trx, jobId, found, firstSeq);
    });
  }

  async counts(jobId: string): Promise<StateCounts> {
    const rows = await this.#db
      .selectFrom('crawl_pages')
      .select(['state', (eb) => eb.fn.countAll<number>().as('count')])
      .where('job_id', '=', jobId)
      .groupBy('state')
      .execute();
    const counts: StateCounts = { queued: 0, succeeded: 0, partial: 0, failed: 0, skipped: 0 };
    for (const row of rows) counts[row.state] = Number(row.count);
    return counts;
  }

  /** Marks everything still queued as skipped (the page budget or the time ran out). */
  async skipRemaining(jobId: string, reason: string, now: number): Promise<void> {
    await this.#db
      .updateTable('crawl_pages')
      .set({ state: 'skipped', skip_reason: reason, fetched_at: now })
      .where('job_id', '=', jobId)
      .where('state', '=', 'queued')
      .execute();
  }

  /** Fetched pages (succeeded, partial, failed) in BFS order, paged. */
  async fetchedPages(jobId: string, offset: number, limit: number): Promise<CrawlPageRow[]> {
    return this.#db
      .selectFrom('crawl_pages')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('state', 'in', FETCHED_STATES)
      .orderBy('seq')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  async failedPages(jobId: string, limit: number): Promise<CrawlPageRow[]> {
    return this.#db.selectFrom('crawl_pages').selectAll().where('job_id', '=', jobId).where('state', '=', 'failed').orderBy('seq').limit(limit).execute();
  }

  /** Retention: pages of jobs whose result has expired. */
  pruneExpired(now: number): Promise<number> {
    return deleteRowsOfExpiredJobs(this.#db, 'crawl_pages', now);
  }
}

/**
 * Multi-row inserts of frontier URLs, chunked under SQLite's variable limit; known dedupe keys are ignored.
 * Resolves with the number of rows inserted.
 */
async function insertFrontier(trx: Transaction<Database>, jobId: string, entries: FrontierEntry[], firstSeq: number): Promise<number> {
  const rows = entries.map((entry, index) => ({
    job_id: jobId,
    seq: firstSeq + index,
    url: entry.url,
    dedupe_key: entry.dedupeKey,
    depth: entry.depth,
    discovered_from: entry.discoveredFrom,
    state: 'queued' as const,
  }));
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ENQUEUE_CHUNK) {
    const result = await trx
      .insertInto('crawl_pages')
      .values(rows.slice(start, start + ENQUEUE_CHUNK))
      .onConflict((oc) => oc.columns(['job_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}
