import type { Kysely } from 'kysely';

/** Browser sessions (cookies and localStorage) per tenant, with the lock that keeps one job at a time on each. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('tenant', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    /** Idle expiry: last use + retention.resultTtlSeconds. An expired row is kept a while so its id answers 410. */
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_at', 'bigint')
    .addPrimaryKeyConstraint('sessions_pk', ['tenant', 'id'])
    .execute();
  await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();
}
