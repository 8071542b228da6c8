import type { Kysely } from 'kysely';

/**
 * Emulated credits (billing.mode "emulate"):
 * - `credit_accounts`: one row per billed tenant (a tenant id, never the API key): its balance, its optional daily
 *   cap, and what it spent on `usage_day` (a UTC "YYYY-MM-DD"; a charge on a later day starts the count again).
 * - `credit_charges`: what each job was charged when it was accepted, so a job that fails or is cancelled gets
 *   it back (credits are spent only on success), even after a restart.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credit_accounts')
    .addColumn('tenant', 'text', (col) => col.primaryKey())
    .addColumn('balance', 'bigint', (col) => col.notNull())
    .addColumn('daily_cap', 'bigint')
    .addColumn('used_today', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('usage_day', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('credit_charges')
    .addColumn('job_id', 'text', (col) => col.primaryKey())
    .addColumn('tenant', 'text', (col) => col.notNull())
    .addColumn('credits', 'bigint', (col) => col.notNull())
    .addColumn('usage_day', 'text', (col) => col.notNull())
    .addColumn('charged_at', 'bigint', (col) => col.notNull())
    .execute();
}
