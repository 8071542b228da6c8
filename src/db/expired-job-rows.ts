import type { Db } from './database';

/** Tables whose rows belong to one job (job_id) and live as long as its result. */
export type JobOwnedTable = 'crawl_pages' | 'youtube_pages' | 'site_search_pages';

/** Retention: deletes the rows of jobs whose result has expired at or before `now`. Returns how many. */
export async function deleteRowsOfExpiredJobs(db: Db, table: JobOwnedTable, now: number): Promise<number> {
  const result = await db
    .deleteFrom(table)
    .where('job_id', 'in', (eb) => eb.selectFrom('jobs').select('id').where('result_expires_at', '<=', now))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
