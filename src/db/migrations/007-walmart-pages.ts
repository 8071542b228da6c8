import type { Kysely } from 'kysely';

/**
 * The result pages of a walmart_search_crawl job, one row per page as it completes: a restarted job resumes
 * after the last stored page and never fetches a stored page again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('walmart_pages')
    .ifNotExists()
    .addColumn('job_id', 'text', (col) => col.notNull().references('jobs.id').onDelete('cascade'))
    // Walmart's own page number (?page=n), from start_page to end_page.
    .addColumn('page', 'integer', (col) => col.notNull())
    // The search URL that was read.
    .addColumn('url', 'text', (col) => col.notNull())
    // JSON array of v1 search products (without `position`, which is numbered across pages when shown).
    .addColumn('products', 'text', (col) => col.notNull())
    .addColumn('product_count', 'integer', (col) => col.notNull())
    // What the page said about the whole search: result count, last page, facets (JSON); null when it did not say.
    .addColumn('total_results', 'integer')
    .addColumn('total_pages', 'integer')
    .addColumn('facets', 'text', (col) => col.notNull())
    .addColumn('fetched_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('walmart_pages_pk', ['job_id', 'page'])
    .execute();
}
