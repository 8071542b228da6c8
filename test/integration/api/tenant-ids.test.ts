import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrations } from '../../../src/db/migrations';
import { tenantIdOf } from '../../../src/http/api-keys';
import { assertNoServersLeft, bearer, KEY_A, KEY_B, startTestServer, tempDir, waitForJob, withKey } from '../../helpers/test-server';

/** The tenant id of versions before migration 006: unsalted sha256(key)[:32], crackable offline for weak keys. */
const legacyTenantOf = (key: string) => `t_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

const JOB_ID = 'job_storedbeforetheupgrade00';
const QUEUED_JOB_ID = 'job_queuedbeforetheupgrade00';
const FILE_NAME = 'BBBBBBBBBBBBBBBBBBBBBB.png';
const FAR = Date.now() + 3_600_000;

/** A data directory as the previous version left it: schema up to migration 005, rows under the unsalted id. */
async function dataDirOfPreviousVersion(): Promise<string> {
  const dataDir = tempDir('scrapio-upgrade-');
  const sqlite = new BetterSqlite3(path.join(dataDir, 'scrapio.db'));
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrated = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('005-youtube-pages');
  expect(migrated.error).toBeUndefined();
  const tenant = legacyTenantOf(KEY_A);
  const now = Date.now();
  await db
    .insertInto('jobs')
    .values({
      id: JOB_ID,
      tenant,
      kind: 'fetch',
      status: 'completed',
      priority: 10,
      input: JSON.stringify({ url: 'http://127.0.0.1/old' }),
      created_at: now - 1000,
      started_at: now - 900,
      completed_at: now - 800,
      run_at: now - 1000,
      attempt: 1,
      result_expires_at: FAR,
    })
    .execute();
  // Still queued at the upgrade: it must get a turn in the claim round-robin like any new job.
  await db
    .insertInto('jobs')
    .values({
      id: QUEUED_JOB_ID,
      tenant,
      kind: 'fetch',
      status: 'queued',
      priority: 10,
      input: JSON.stringify({ url: 'http://127.0.0.1:9/unreachable', output: ['html'] }),
      created_at: now - 500,
      run_at: now - 500,
      attempt: 0,
    })
    .execute();
  await db
    .insertInto('job_results')
    .values({ job_id: JOB_ID, body: JSON.stringify({ outputs: { html: '<p>stored before the upgrade</p>' } }), expires_at: FAR })
    .execute();
  await db.insertInto('idempotency_keys').values({ tenant, key: 'old-key', fingerprint: 'f', job_id: JOB_ID, created_at: now, expires_at: FAR }).execute();
  await db.insertInto('sessions').values({ tenant, id: 'old-session', state: '{}', created_at: now, updated_at: now, expires_at: FAR }).execute();
  await db.insertInto('search_pages').values({ tenant, url: 'http://127.0.0.1/old', fetched_at: now, expires_at: null }).execute();
  await db
    .insertInto('webhook_deliveries')
    .values({ job_id: JOB_ID, url: 'http://127.0.0.1/hook', payload: '{}', status: 'delivered', attempt: 1, next_attempt_at: now, created_at: now })
    .execute();
  await db.destroy();
  fs.mkdirSync(path.join(dataDir, 'files', tenant), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'files', tenant, FILE_NAME), 'png bytes');
  return dataDir;
}

/** Every tenant value stored in the database, table by table. */
function storedTenants(dataDir: string): Record<string, string[]> {
  const sqlite = new BetterSqlite3(path.join(dataDir, 'scrapio.db'), { readonly: true });
  try {
    const tables = ['jobs', 'idempotency_keys', 'sessions', 'search_pages', 'webhook_deliveries'];
    return Object.fromEntries(
      tables.map((table) => [table, (sqlite.prepare(`SELECT DISTINCT tenant FROM ${table}`).all() as Array<{ tenant: string }>).map((row) => row.tenant)]),
    );
  } finally {
    sqlite.close();
  }
}

afterAll(() => assertNoServersLeft());

describe('tenant ids', () => {
  it('are keyed by a server secret, not sha256(key); data stored under the old ids stays visible to its key after the upgrade', async () => {
    const dataDir = await dataDirOfPreviousVersion();
    const legacy = legacyTenantOf(KEY_A);

    const first = await startTestServer({ workers: { maxAttempts: 1 } }, dataDir);
    const tenant = tenantIdOf(fs.readFileSync(path.join(dataDir, 'tenant-id-key'), 'utf8').trim(), KEY_A);
    try {
      expect(tenant).toMatch(/^t_[0-9a-f]{32}$/);
      expect(tenant).not.toBe(legacy);
      const job = await first.api.get(`/v1/jobs/${JOB_ID}`).set(bearer(KEY_A));
      expect(job.status).toBe(200);
      expect(job.body).toMatchObject({ job_id: JOB_ID, status: 'completed', result_available: true });
      const result = await first.api.get(`/v1/jobs/${JOB_ID}/result`).set(bearer(KEY_A));
      expect(result.body.outputs).toEqual({ html: '<p>stored before the upgrade</p>' });
      expect((await first.api.get(`/v1/jobs/${JOB_ID}`).set(bearer(KEY_B))).status).toBe(404);
      // The job queued before the upgrade is claimed and run (it fails: nothing listens on port 9).
      expect(await waitForJob(first.api, KEY_A, QUEUED_JOB_ID)).toMatchObject({ status: 'failed' });
      // Every table now holds the keyed id only, and the files moved with it.
      expect(storedTenants(dataDir)).toEqual({
        jobs: [tenant],
        idempotency_keys: [tenant],
        sessions: [tenant],
        search_pages: [tenant],
        webhook_deliveries: [tenant],
      });
      expect(fs.existsSync(path.join(dataDir, 'files', legacy))).toBe(false);
      expect(fs.readFileSync(path.join(dataDir, 'files', tenant, FILE_NAME), 'utf8')).toBe('png bytes');
      // New work lands under the same keyed id.
      const submitted = await withKey(first.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: 'http://127.0.0.1:9/new' } });
      expect(submitted.status).toBe(202);
    } finally {
      await first.stop();
    }

    // Stable across restarts: same id, same data.
    const second = await startTestServer({}, dataDir);
    try {
      expect(tenantIdOf(fs.readFileSync(path.join(dataDir, 'tenant-id-key'), 'utf8').trim(), KEY_A)).toBe(tenant);
      expect(storedTenants(dataDir).jobs).toEqual([tenant]);
      const list = await second.api.get('/v1/jobs').set(bearer(KEY_A));
      expect(list.body.jobs).toHaveLength(3);
      expect((await second.api.get(`/v1/jobs/${JOB_ID}`).set(bearer(KEY_A))).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
