import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { assertNoServersLeft, bearer, KEY_A, KEY_B, startTestServer, waitForJob, type TestServer, withKey } from '../../helpers/test-server';

let fixture: FixtureServer;

beforeAll(async () => {
  fixture = await startFixtureServer({ '/page': html('<html><body><p>ok</p></body></html>') });
});

afterAll(async () => {
  await fixture.close();
  assertNoServersLeft();
});

/** Label names a sample may carry: the metrics' own and prom-client's default process metrics' (le, GC kind, heap space, resource type, Node version). */
const AGGREGATE_LABELS = ['status', 'route', 'method', 'kind', 'outcome', 'le', 'space', 'type', 'version', 'major', 'minor', 'patch'];

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

async function submitFetchJob(ts: TestServer, key: string): Promise<string> {
  const res = await withKey(ts.api, key).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/page` } });
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
    await ts.api.get(`/v1/jobs/${ids[0]}`).set(bearer(KEY_A)).expect(200);
    await ts.api.get('/v1/jobs/no-such-job').set(bearer(KEY_A)).expect(404);
    const res = await ts.api.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const samples = parseSamples(res.text);
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      expect(sample.name).toMatch(/^scrapio_[a-z0-9_]+$/);
      // Only bounded, aggregate labels: nothing that names a tenant, a job or a raw path.
      for (const [label, value] of Object.entries(sample.labels)) {
        expect(AGGREGATE_LABELS).toContain(label);
        expect(value).not.toMatch(/t_[0-9a-f]{32}/);
        for (const id of [...ids, 'no-such-job']) expect(value).not.toContain(id);
      }
    }
    for (const id of ids) expect(res.text).not.toContain(id);
    expect(res.text).not.toMatch(/t_[0-9a-f]{32}/);
    expect(res.text).not.toContain(KEY_A);
    const jobCounts = samples.filter((sample) => sample.name === 'scrapio_jobs').map((sample) => sample.value);
    expect(jobCounts.reduce((sum, count) => sum + count, 0)).toBe(3); // both tenants' jobs, summed together
  });

  it('exposes job, request, extraction, queue, worker, event-loop and Chromium metrics after fetch jobs ran', async () => {
    const samples = parseSamples((await ts.api.get('/metrics')).text);
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))?.value;
    expect(value('scrapio_job_duration_seconds_count', { kind: 'fetch', outcome: 'completed' })).toBe(3);
    expect(value('scrapio_http_request_duration_seconds_count', { route: '/v1/jobs', method: 'POST', status: '202' })).toBe(3);
    // Polls are labelled by the route pattern, also when the route answers an error (404 through the error handler).
    expect(value('scrapio_http_request_duration_seconds_count', { route: '/v1/jobs/:id', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(value('scrapio_http_request_duration_seconds_count', { route: '/v1/jobs/:id', method: 'GET', status: '404' })).toBe(1);
    expect(value('scrapio_extraction_duration_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(value('scrapio_queue_depth')).toBe(0);
    expect(value('scrapio_workers_busy')).toBe(0);
    expect(value('scrapio_workers_total')).toBe(ts.config.workers.concurrency);
    expect(value('scrapio_chromium_processes')).toBe(0); // plain fetches never start Chromium
    expect(value('scrapio_chromium_resident_memory_bytes')).toBe(0);
    expect(value('scrapio_nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    expect(value('scrapio_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('labels an inline surface request with its route', async () => {
    const res = await withKey(ts.api, KEY_B).post('/v1/fetch', { url: `${fixture.url}/page` });
    expect(res.status).toBe(200);
    const samples = parseSamples((await ts.api.get('/metrics')).text);
    const inline = samples.find(
      (sample) => sample.name === 'scrapio_http_request_duration_seconds_count' && sample.labels.route === '/v1/fetch' && sample.labels.status === '200',
    );
    expect(inline?.value).toBe(1);
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
