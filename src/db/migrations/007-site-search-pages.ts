import type { Kysely } from 'kysely';

/**
 * The result pages of a marketplace search crawl job (amazon_search_crawl and walmart_search_crawl),
 * one row per page as it completes: a restarted job resumes after the pages already stored and never fetches a
 * stored page again. Amazon and Walmart number their result pages, so no continuation token is kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('site_search_pages')
    .ifNotExists()
    .addColumn('job_id', 'text', (col) => col.notNull().references('jobs.id').onDelete('cascade'))
    // The site's own page number (start_page..end_page).
    .addColumn('page', 'integer', (col) => col.notNull())
    // JSON array of the page's products, in the site surface's v1 shape.
    .addColumn('results', 'text', (col) => col.notNull())
    .addColumn('result_count', 'integer', (col) => col.notNull())
    // JSON object of what the page said about the whole search (e.g. the total result count, whether a next page exists).
    .addColumn('meta', 'text', (col) => col.notNull())
    .addColumn('fetched_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('site_search_pages_pk', ['job_id', 'page'])
    .execute();
}
