import type { Kysely } from 'kysely';

/** Jobs, their results, idempotency records and the webhook outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('tenant', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('priority', 'integer', (col) => col.notNull())
    .addColumn('input', 'text', (col) => col.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('run_at', 'bigint', (col) => col.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_at', 'bigint')
    .addColumn('attempt', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('error_diagnostics', 'text')
    .addColumn('progress_completed', 'integer')
    .addColumn('progress_total', 'integer')
    .addColumn('result_expires_at', 'bigint')
    .execute();
  // The claim query: the next queued job by priority, then age.
  await db.schema.createIndex('jobs_claim').on('jobs').columns(['status', 'priority', 'created_at']).execute();
  // The list endpoint: a tenant's jobs, newest first.
  await db.schema.createIndex('jobs_tenant_created').on('jobs').columns(['tenant', 'created_at', 'id']).execute();
  await db.schema.createIndex('jobs_expiry').on('jobs').column('result_expires_at').execute();

  await db.schema
    .createTable('job_results')
    .addColumn('job_id', 'text', (col) => col.primaryKey().references('jobs.id').onDelete('cascade'))
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('job_results_expiry').on('job_results').column('expires_at').execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('tenant', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('job_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    // The database, not the code, decides which of two concurrent first requests wins.
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant', 'key'])
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('job_id', 'text', (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('attempt', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema.createIndex('webhook_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
}
