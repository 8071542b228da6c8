import { sql, type Kysely } from 'kysely';

/**
 * Tenant isolation of the shared queue and of webhook signing:
 * - `tenant_turns`: one row per tenant that has had a job, with when it last had one claimed (a global counter,
 *   not a clock, so two claims in the same millisecond still order): claims go round-robin across tenants.
 * - `jobs (tenant, status, priority, created_at, id)`: each tenant's next job for the claim, its queued count
 *   for the per-tenant submit quota, and the rewrite of tenant ids.
 * - `webhook_deliveries.tenant`: each delivery is signed with its tenant's own secret, and a pending delivery
 *   may outlive its job's status row, so the tenant is stored with it (backfilled from the jobs still there).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenant_turns')
    .addColumn('tenant', 'text', (col) => col.primaryKey())
    .addColumn('last_claim', 'integer', (col) => col.notNull())
    .execute();
  // A tenant's best queued job (the claim's candidate per tenant) and its queued count (the submit quota).
  await db.schema.createIndex('jobs_tenant_claim').on('jobs').columns(['tenant', 'status', 'priority', 'created_at', 'id']).execute();
  // Every tenant with a job that may still be claimed takes part in the round-robin.
  await sql`INSERT INTO tenant_turns (tenant, last_claim) SELECT DISTINCT tenant, 0 FROM jobs WHERE status IN ('queued', 'running')`.execute(db);

  await db.schema.alterTable('webhook_deliveries').addColumn('tenant', 'text').execute();
  await sql`UPDATE webhook_deliveries SET tenant = (SELECT jobs.tenant FROM jobs WHERE jobs.id = webhook_deliveries.job_id)`.execute(db);
}
