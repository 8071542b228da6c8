import type { Kysely } from 'kysely';

/**
 * The result pages of a youtube_search_crawl job, one row per page as it arrives: a restarted job resumes
 * after the last stored page with that page's continuation token, and never fetches a stored page again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('youtube_pages')
    .ifNotExists()
    .addColumn('job_id', 'text', (col) => col.notNull().references('jobs.id').onDelete('cascade'))
    // 1 is the results page; n + 1 is the continuation of page n.
    .addColumn('page', 'integer', (col) => col.notNull())
    // JSON array of v1 search results (already filtered by the requested type).
    .addColumn('results', 'text', (col) => col.notNull())
    .addColumn('result_count', 'integer', (col) => col.notNull())
    // The token of page + 1; null on the last page YouTube has.
    .addColumn('continuation', 'text')
    .addColumn('client_version', 'text')
    .addColumn('fetched_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('youtube_pages_pk', ['job_id', 'page'])
    .execute();
}
