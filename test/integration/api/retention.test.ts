import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { html, startFixtureServer, until, type FixtureServer } from '../../helpers/fixture-server';
import { bearer, KEY_A, startTestServer, waitForJob, type TestServer, stopAll } from '../../helpers/test-server';

let fixture: FixtureServer;
let ts: TestServer;

beforeAll(async () => {
  fixture = await startFixtureServer({ '/page': html('<html><body><p>short-lived result</p></body></html>') });
  // A 1 s TTL and a pruning task every second (node-cron with a seconds field): expiry in seconds, not days.
  ts = await startTestServer({ retention: { resultTtlSeconds: 1, pruneSchedule: '* * * * * *' } });
});

afterAll(() => stopAll(ts, fixture));

function countRows(table: string, jobId: string): number {
  const db = new BetterSqlite3(path.join(ts.dataDir, 'scrapio.db'), { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE job_id = ?`).get(jobId) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('result retention', () => {
  it('deletes results after retention.resultTtlSeconds; /result then answers 404 job_not_found', async () => {
    const submit = await ts.api
      .post('/v1/jobs')
      .set(bearer(KEY_A))
      .set('Idempotency-Key', 'ttl-key')
      .send({ kind: 'fetch', input: { url: `${fixture.url}/page` } });
    const jobId = submit.body.job_id as string;
    const status = await waitForJob(ts.api, KEY_A, jobId);
    expect(status.result_available).toBe(true);
    expect((await ts.api.get(`/v1/jobs/${jobId}/result`).set(bearer(KEY_A))).status).toBe(200);

    // The cron task, not the request path, removes the stored rows.
    await until(() => countRows('job_results', jobId) === 0, 5000);
    const result = await ts.api.get(`/v1/jobs/${jobId}/result`).set(bearer(KEY_A));
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('job_not_found');
    const after = await ts.api.get(`/v1/jobs/${jobId}`).set(bearer(KEY_A));
    expect(after.body.result_available).toBe(false);
    // The idempotency record expired with it: the key now starts a new job.
    const reused = await ts.api
      .post('/v1/jobs')
      .set(bearer(KEY_A))
      .set('Idempotency-Key', 'ttl-key')
      .send({ kind: 'fetch', input: { url: `${fixture.url}/page` } });
    expect(reused.body.job_id).not.toBe(jobId);
  });
});
