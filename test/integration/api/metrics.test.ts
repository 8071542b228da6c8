import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { assertNoServersLeft, bearer, KEY_A, KEY_B, startTestServer, waitForJob, type TestServer } from '../../helpers/test-server';

let fixture: FixtureServer;

beforeAll(async () => {
  fixture = await startFixtureServer({ '/page': html('<html><body><p>ok</p></body></html>') });
});

afterAll(async () => {
  await fixture.close();
  assertNoServersLeft();
});

async function submitFetchJob(ts: TestServer, key: string): Promise<string> {
  const res = await ts.api
    .post('/v1/jobs')
    .set(bearer(key))
    .send({ kind: 'fetch', input: { url: `${fixture.url}/page` } });
  expect(res.status).toBe(202);
  await waitForJob(ts.api, key, res.body.job_id as string);
  return res.body.job_id as string;
}

describe('GET /metrics, open (metrics.requireApiKey false, the default)', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.stop();
  });

  it('answers without a key, with aggregate counts only: no tenant, no job id', async () => {
    const ids = [await submitFetchJob(ts, KEY_A), await submitFetchJob(ts, KEY_A), await submitFetchJob(ts, KEY_B)];
    const res = await ts.api.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const samples = res.text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    // Every sample is a bare gauge or a gauge with a single status label: nothing that names a tenant.
    for (const line of samples) expect(line).toMatch(/^scrapio_[a-z_]+(\{status="[a-z]+"\})? \d+(\.\d+)?$/);
    for (const id of ids) expect(res.text).not.toContain(id);
    expect(res.text).not.toMatch(/t_[0-9a-f]{32}/);
    expect(res.text).not.toContain(KEY_A);
    const jobCounts = samples.filter((line) => line.startsWith('scrapio_jobs{')).map((line) => Number(line.split(' ')[1]));
    expect(jobCounts.reduce((sum, count) => sum + count, 0)).toBe(3); // both tenants' jobs, summed together
  });
});

describe('GET /metrics with metrics.requireApiKey', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ metrics: { requireApiKey: true } });
  });
  afterAll(async () => {
    await ts.stop();
  });

  it('refuses a request without a key or with an unknown key, in the error envelope', async () => {
    const missing = await ts.api.get('/metrics');
    expect(missing.status).toBe(401);
    expectSpecValid('ErrorResponse', missing.body);
    expect(missing.body.error.code).toBe('missing_api_key');
    expect(missing.headers['x-request-id']).toBe(missing.body.request_id);
    expect(missing.text).not.toContain('scrapio_');

    const wrong = await ts.api.get('/metrics').set(bearer('not-a-configured-key'));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_api_key');
  });

  it('answers any configured key with the same aggregate gauges', async () => {
    for (const key of [KEY_A, KEY_B]) {
      const res = await ts.api.get('/metrics').set(bearer(key));
      expect(res.status).toBe(200);
      expect(res.text).toContain('scrapio_workers_total');
    }
  });

  it('leaves /health open', async () => {
    expect((await ts.api.get('/health')).status).toBe(200);
  });
});
