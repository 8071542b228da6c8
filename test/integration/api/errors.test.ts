import { html, startFixtureServer, until, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, KEY_B, startTestServer, type TestServer, withKey, stopAll } from '../../helpers/test-server';

let fixture: FixtureServer;
let ts: TestServer;

beforeAll(async () => {
  fixture = await startFixtureServer({ '/page': html('<html><body><p>ok</p></body></html>') });
  ts = await startTestServer({ server: { bodyLimitBytes: 2048 } });
});

afterAll(() => stopAll(ts, fixture));

function expectEnvelope(res: { status: number; body: Record<string, any>; headers: Record<string, string> }, status: number, code: string) {
  expect(res.status).toBe(status);
  expectSpecValid('ErrorResponse', res.body);
  expect(res.body.error.code).toBe(code);
  expect(res.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['x-request-id']).toBe(res.body.request_id);
}

describe('errors, in the envelope of API.md §2', () => {
  it('health needs no key; /v1 needs a valid one', async () => {
    const health = await ts.api.get('/health');
    expect(health.status).toBe(200);
    expectSpecValid('HealthResponse', health.body);
    expect((await ts.api.get('/ready')).status).toBe(200);
    expectEnvelope(await ts.api.get('/v1/jobs/job_x'), 401, 'missing_api_key');
    expectEnvelope(await ts.api.get('/v1/jobs/job_x').set(bearer('wrong-key-123456')), 401, 'invalid_api_key');
    expectEnvelope(await ts.api.get('/v1/jobs/job_x').set('Authorization', `Basic ${KEY_A}`), 401, 'invalid_api_key');
  });

  it('rejects malformed JSON, unknown fields, bad types and missing fields, naming the field', async () => {
    const malformed = await ts.api.post('/v1/fetch').set(bearer(KEY_A)).set('Content-Type', 'application/json').send('{"url": ');
    expectEnvelope(malformed, 400, 'invalid_request');
    expect(malformed.body.error.message).toMatch(/JSON/);

    const unknown = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/page`, formats: ['markdown'] });
    expectEnvelope(unknown, 400, 'invalid_request');
    expect(unknown.body.error.message).toContain('"formats"');

    const badType = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/page`, render_js: 'yes' });
    expectEnvelope(badType, 400, 'invalid_request');
    expect(badType.body.error.message).toContain('render_js');

    const missing = await ts.api.post('/v1/jobs').set(bearer(KEY_A)).send({ kind: 'fetch', input: {} });
    expectEnvelope(missing, 400, 'invalid_request');
    expect(missing.body.error.message).toBe('input.url: is required');

    const badOutput = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/page`, output: ['pdf'] });
    expectEnvelope(badOutput, 400, 'invalid_request');
    expect(badOutput.body.error.message).toContain('output.0');

    const tooLong = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/page`, timeout_ms: 300001 });
    expectEnvelope(tooLong, 400, 'invalid_request');
    expect(tooLong.body.error.message).toContain('timeout_ms');

    const notObject = await ts.api.post('/v1/fetch').set(bearer(KEY_A)).set('Content-Type', 'application/json').send('[1,2]');
    expectEnvelope(notObject, 400, 'invalid_request');
  });

  it('refuses bad URLs and non-http schemes before any job exists', async () => {
    for (const url of ['not a url', 'example.com/page']) {
      const res = await ts.api.post('/v1/fetch').set(bearer(KEY_A)).send({ url });
      expectEnvelope(res, 400, 'invalid_request');
      expect(res.body.error.message).toMatch(/^url: /);
    }
    for (const url of ['file:///etc/passwd', 'data:text/html,<p>x</p>', 'javascript:alert(1)', 'ftp://example.com/']) {
      const res = await ts.api.post('/v1/fetch').set(bearer(KEY_A)).send({ url });
      expectEnvelope(res, 400, 'url_not_allowed');
      expect(res.body.error.message).toMatch(/^url: scheme/);
    }
    const list = await ts.api.get('/v1/jobs').set(bearer(KEY_A));
    expect(list.body.jobs).toHaveLength(0);
  });

  it('answers 413 over the body limit and 415 for non-JSON bodies', async () => {
    const big = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/page`, headers: { x: 'a'.repeat(4096) } });
    expectEnvelope(big, 413, 'payload_too_large');
    expect(big.body.error.message).toContain('server.bodyLimitBytes');
    const form = await ts.api.post('/v1/fetch').set(bearer(KEY_A)).type('form').send('url=http://example.com');
    expectEnvelope(form, 415, 'unsupported_media_type');
  });

  it('answers 404 for unknown routes and 405 for a known route with the wrong method', async () => {
    expectEnvelope(await ts.api.get('/nope'), 404, 'not_found');
    expectEnvelope(await ts.api.get('/v1/nope').set(bearer(KEY_A)), 404, 'not_found');
    const wrongMethod = await ts.api.get('/v1/fetch').set(bearer(KEY_A));
    expectEnvelope(wrongMethod, 405, 'method_not_allowed');
    expect(wrongMethod.headers.allow).toBe('POST');
    expectEnvelope(await ts.api.delete('/v1/jobs/job_x').set(bearer(KEY_A)), 405, 'method_not_allowed');
    expectEnvelope(await ts.api.get('/v1/jobs/job_doesnotexist').set(bearer(KEY_B)), 404, 'job_not_found');
  });
});

describe('rate limit and queue bound', () => {
  let limited: TestServer;
  afterEach(async () => limited?.stop());

  it('answers 429 rate_limited with Retry-After past the per-key limit, per key', async () => {
    limited = await startTestServer({ limits: { rateLimit: { requestsPerMinute: 3 } } });
    for (let i = 0; i < 3; i += 1) expect((await limited.api.get('/v1/jobs').set(bearer(KEY_A))).status).toBe(200);
    const refused = await limited.api.get('/v1/jobs').set(bearer(KEY_A));
    expectEnvelope(refused, 429, 'rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.error.message).toContain('limits.rateLimit.requestsPerMinute');
    expect((await limited.api.get('/v1/jobs').set(bearer(KEY_B))).status).toBe(200);
  });

  it('answers 503 overloaded with Retry-After when the queue is full, without losing queued jobs', async () => {
    // No workers get to run: every job stays queued while the slow handler holds the only worker.
    let release: () => void = () => {};
    fixture.route('/hold', (_req, res) => {
      release = () => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>held</p>');
    });
    // The per-tenant quota is raised to the global bound here: this test is about the global bound.
    limited = await startTestServer({ workers: { concurrency: 1 }, limits: { queue: { maxQueuedJobs: 2, maxQueuedJobsPerTenant: 2 } } });
    const submit = () => withKey(limited.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/hold` } });
    const accepted = [await submit()];
    await until(() => fixture.hits.includes('GET /hold')); // the only worker is now busy with the first job
    accepted.push(await submit(), await submit());
    expect(accepted.map((res) => res.status)).toEqual([202, 202, 202]);
    const refused = await submit();
    expectEnvelope(refused, 503, 'overloaded');
    expect(refused.headers['retry-after']).toBeDefined();
    const list = await limited.api.get('/v1/jobs').set(bearer(KEY_A));
    expect(list.body.jobs).toHaveLength(3);
    release();
  });

  it('keeps one tenant from filling the shared queue: its own quota answers 503, another tenant still gets in', async () => {
    let release: () => void = () => {};
    fixture.route('/hold-quota', (_req, res) => {
      release = () => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>held</p>');
    });
    // Default per-tenant quota: a quarter of the global bound, 2 of 8.
    limited = await startTestServer({ workers: { concurrency: 1 }, limits: { queue: { maxQueuedJobs: 8 } } });
    const submit = (key: string) => withKey(limited.api, key).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/hold-quota` } });
    expect((await submit(KEY_A)).status).toBe(202);
    await until(() => fixture.hits.includes('GET /hold-quota')); // the only worker is busy: everything else stays queued
    // Tenant A submits as fast as it can until the server refuses it.
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof submit>> | undefined;
    for (let i = 0; i <= 8 && !refused; i += 1) {
      const res = await submit(KEY_A);
      statuses.push(res.status);
      if (res.status !== 202) refused = res;
    }
    // Tenant B still gets in...
    expect((await submit(KEY_B)).status).toBe(202);
    // ...because A was stopped by its own quota (a quarter of the shared queue), not by the shared bound.
    expect(statuses).toEqual([202, 202, 503]);
    expectEnvelope(refused!, 503, 'overloaded');
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused!.body.error.message).toContain('limits.queue.maxQueuedJobsPerTenant');
    release();
  });
});
