import { html, startFixtureServer, until, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, KEY_B, startTestServer, stopAll, waitForJob, type TestServer } from '../../helpers/test-server';

const FAULT = 'Scrapio-Test-Fault';
const APPLIED = 'scrapio-test-fault-applied';

let fixture: FixtureServer;
let ts: TestServer;
const deliveries: Array<Record<string, any>> = [];

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/page': html('<html><head><title>Fault page</title></head><body><p>A page the faults never change.</p></body></html>'),
    '/hook': (_req, res, { body }) => {
      deliveries.push(JSON.parse(body));
      res.writeHead(204).end();
    },
  });
  ts = await startTestServer({
    testing: { faults: true, faultRules: [{ apiKey: KEY_B, route: '/v1/map', code: 'target_blocked' }] },
    webhooks: { secret: 'whsec_faults_secret_0123456789', initialBackoffMs: 200, maxBackoffMs: 400 },
  });
});

afterAll(() => stopAll(ts, fixture));

const fetchBody = () => ({ url: `${fixture.url}/page`, output: ['markdown'] });

function inline(fault: string, key = KEY_A) {
  return ts.api.post('/v1/fetch').set(bearer(key)).set(FAULT, fault).send(fetchBody());
}

function submitJob(fault: string, webhook?: string) {
  return ts.api
    .post('/v1/jobs')
    .set(bearer(KEY_A))
    .set(FAULT, fault)
    .send({ kind: 'fetch', input: fetchBody(), ...(webhook ? { webhook: { url: webhook } } : {}) });
}

function expectEnvelope(res: { status: number; body: any; headers: Record<string, string> }, status: number, code: string, fault: string): void {
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(res.body.request_id).toEqual(expect.any(String));
  expect(res.headers[APPLIED]).toBe(fault);
  expectSpecValid('ErrorResponse', res.body);
}

describe('faults answered at the request (rate limiter, queue, credits)', () => {
  const cases: Array<[string, number, string | undefined]> = [
    ['rate_limited', 429, '60'],
    ['overloaded', 503, '5'],
    ['credits_exhausted', 402, undefined],
    ['daily_credit_cap_exceeded', 429, expect.stringMatching(/^\d+$/) as unknown as string],
  ];

  it.each(cases)('%s: inline and POST /v1/jobs get %i in the v1 envelope, with Retry-After where the real error has one', async (fault, status, retryAfter) => {
    const hitsBefore = fixture.hits.length;
    for (const res of [await inline(fault), await submitJob(fault)]) {
      expectEnvelope(res, status, fault, fault);
      expect(res.headers['retry-after']).toEqual(retryAfter);
    }
    // No job was created: the target was never asked.
    expect(fixture.hits.length).toBe(hitsBefore);
  });

  it('rate_limited also applies to a GET (the limiter guards every /v1 route)', async () => {
    const res = await ts.api.get('/v1/jobs').set(bearer(KEY_A)).set(FAULT, 'rate_limited');
    expectEnvelope(res, 429, 'rate_limited', 'rate_limited');
  });
});

describe('faults the job acts out (target errors, timeout, job_failed)', () => {
  const cases: Array<[string, number, string, boolean]> = [
    ['target_blocked', 502, 'target_blocked', false],
    ['target_unreachable', 502, 'target_unreachable', false],
    ['timeout; delay_ms=300', 504, 'timeout', false],
    ['job_failed', 409, 'job_failed', true],
  ];

  it.each(cases)('%s inline: %i %s, and the target is asked only when the job really runs', async (fault, status, code, runsForReal) => {
    const hitsBefore = fixture.hits.filter((hit) => hit === 'GET /page').length;
    const res = await inline(fault);
    expectEnvelope(res, status, code, fault.split(';')[0]);
    const hits = fixture.hits.filter((hit) => hit === 'GET /page').length - hitsBefore;
    // Not retried: a faulted job would fail the same way on every attempt.
    expect(hits).toBe(runsForReal ? 1 : 0);
  });

  it.each(cases)('%s async: the job fails (%i inline) with code %s, seen by polling', async (fault, _status, code) => {
    const submit = await submitJob(fault);
    expect(submit.status).toBe(202);
    expect(submit.headers[APPLIED]).toBe(fault.split(';')[0]);
    const job = await waitForJob(ts.api, KEY_A, submit.body.job_id);
    expect(job.status).toBe('failed');
    expect((job.error as { code: string }).code).toBe(code);
    expectSpecValid('JobResponse', { ...job });
    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe('job_failed');
  });

  it("timeout is the worker's own time-budget abort, fired after delay_ms", async () => {
    const res = await inline('timeout; delay_ms=250');
    expectEnvelope(res, 504, 'timeout', 'timeout');
    expect(res.body.error.message).toContain('time budget of 250 ms');
    expect(res.body.diagnostics).toEqual({ outcome: 'failed', retryable: true, timed_out: true });
  });

  it('job_failed: the job runs, fails, and the job.failed webhook is delivered', async () => {
    const submit = await submitJob('job_failed', `${fixture.url}/hook`);
    expect(submit.status).toBe(202);
    await until(() => deliveries.some((delivery) => delivery.data.job_id === submit.body.job_id));
    const delivery = deliveries.find((candidate) => candidate.data.job_id === submit.body.job_id)!;
    expect(delivery.type).toBe('job.failed');
    expect(delivery.data.error.code).toBe('job_failed');
  });
});

describe('promote and the header itself', () => {
  it('promote answers 202 at once with the job, which then completes normally', async () => {
    const res = await inline('promote');
    expect(res.status).toBe(202);
    expect(res.headers[APPLIED]).toBe('promote');
    expect(res.body).toEqual({ request_id: expect.any(String), mode: 'async', status: 'queued', job_id: expect.stringMatching(/^job_/) });
    expectSpecValid('AsyncFetchResponse', res.body);
    const job = await waitForJob(ts.api, KEY_A, res.body.job_id);
    expect(job.status).toBe('completed');
  });

  it('an unknown code is 400 invalid_request listing the valid ones', async () => {
    const res = await inline('meteor_strike');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain('rate_limited, overloaded, credits_exhausted');
    expect(res.headers[APPLIED]).toBeUndefined();
  });

  it('delay_ms on a fault other than timeout is 400', async () => {
    const res = await inline('overloaded; delay_ms=10');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });

  it('a fault that cannot happen on the route is ignored (no Applied header)', async () => {
    const res = await ts.api.get('/v1/jobs').set(bearer(KEY_A)).set(FAULT, 'overloaded');
    expect(res.status).toBe(200);
    expect(res.headers[APPLIED]).toBeUndefined();
  });

  it('a faultRules entry applies to its key and route only, without the header', async () => {
    const mapBody = { seeds: [`${fixture.url}/page`], max_urls: 5 };
    const blocked = await ts.api.post('/v1/map').set(bearer(KEY_B)).send(mapBody);
    expectEnvelope(blocked, 502, 'target_blocked', 'target_blocked');
    const otherKey = await ts.api.post('/v1/map').set(bearer(KEY_A)).send(mapBody);
    expect(otherKey.status).toBe(200);
    expect(otherKey.headers[APPLIED]).toBeUndefined();
    const otherRoute = await ts.api.post('/v1/fetch').set(bearer(KEY_B)).send(fetchBody());
    expect(otherRoute.status).toBe(200);
  });
});

describe('faults off (the default)', () => {
  let plain: TestServer;
  beforeAll(async () => {
    plain = await startTestServer();
  });
  afterAll(() => plain.stop());

  it.each(['target_blocked', 'rate_limited', 'meteor_strike'])('the header "%s" has no effect and no Applied header is sent', async (fault) => {
    const res = await plain.api.post('/v1/fetch').set(bearer(KEY_A)).set(FAULT, fault).send(fetchBody());
    expect(res.status).toBe(200);
    expect(res.body.outputs.markdown).toContain('A page the faults never change.');
    expect(res.headers[APPLIED]).toBeUndefined();
  });
});
