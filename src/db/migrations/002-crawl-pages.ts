import type { Kysely } from 'kysely';

/**
 * A crawl's frontier and its fetched pages, one row per URL: the crawl resumes from here after a restart,
 * and memory stays bounded however large the crawl (nothing of the frontier lives in a JS array).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('crawl_pages')
    .addColumn('job_id', 'text', (col) => col.notNull().references('jobs.id').onDelete('cascade'))
    // Discovery order: breadth-first, because URLs are discovered depth by depth.
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('dedupe_key', 'text', (col) => col.notNull())
    .addColumn('depth', 'integer', (col) => col.notNull())
    .addColumn('discovered_from', 'text')
    // queued | succeeded | partial | failed | skipped
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('title', 'text')
    .addColumn('outputs', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('skip_reason', 'text')
    .addColumn('fetched_at', 'bigint')
    .addPrimaryKeyConstraint('crawl_pages_pk', ['job_id', 'seq'])
    .execute();
  // Each URL once per crawl, whatever order concurrent discoveries arrive in.
  await db.schema.createIndex('crawl_pages_dedupe').on('crawl_pages').columns(['job_id', 'dedupe_key']).unique().execute();
  await db.schema.createIndex('crawl_pages_frontier').on('crawl_pages').columns(['job_id', 'state', 'seq']).execute();
}
