import { sql, type Kysely } from 'kysely';

/**
 * Tenant isolation of the shared queue and of webhook signing:
 * - `tenant_turns`: when each tenant last had a job claimed (a global counter, not a clock, so two claims in
 *   the same millisecond still order), so claims go round-robin across tenants instead of oldest-first.
 * - `jobs (tenant, status)`: the per-tenant queued count of the submit quota, and the rewrite of tenant ids.
 * - `webhook_deliveries.tenant`: each delivery is signed with its tenant's own secret, and a pending delivery
 *   may outlive its job's status row, so the tenant is stored with it (backfilled from the jobs still there).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenant_turns')
    .addColumn('tenant', 'text', (col) => col.primaryKey())
    .addColumn('last_claim', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('jobs_tenant_status').on('jobs').columns(['tenant', 'status']).execute();

  await db.schema.alterTable('webhook_deliveries').addColumn('tenant', 'text').execute();
  await sql`UPDATE webhook_deliveries SET tenant = (SELECT jobs.tenant FROM jobs WHERE jobs.id = webhook_deliveries.job_id)`.execute(db);
}
