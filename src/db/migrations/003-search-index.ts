import { sql, type Kysely } from 'kysely';

/**
 * The local search index: one row per (tenant, url) in `search_pages`, and its text in the FTS5 table
 * `search_pages_fts` under the same rowid. The FTS table keeps its own copy of the text because `snippet()`
 * reads from it; the companion table holds what FTS5 cannot index well (tenant lookups, expiry ranges).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_pages')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('tenant', 'text', (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('fetched_at', 'bigint', (col) => col.notNull())
    // null: kept until the same URL is indexed again.
    .addColumn('expires_at', 'bigint')
    .execute();
  // A re-fetch of a URL for a tenant replaces its row: the upsert's conflict target.
  await db.schema.createIndex('search_pages_tenant_url').on('search_pages').columns(['tenant', 'url']).unique().execute();
  await db.schema.createIndex('search_pages_expiry').on('search_pages').column('expires_at').execute();

  // porter: "install" finds "installing"; remove_diacritics 2: "cafe" finds "café". The URL is indexed too
  // (host and path words). No tenant column here: every query joins search_pages and filters on its tenant.
  await sql`CREATE VIRTUAL TABLE search_pages_fts USING fts5(
    url, title, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
  // Whoever deletes a page (pruning, a future per-tenant purge) removes its text with it.
  await sql`CREATE TRIGGER search_pages_delete_text AFTER DELETE ON search_pages BEGIN
    DELETE FROM search_pages_fts WHERE rowid = old.id;
  END`.execute(db);
}
