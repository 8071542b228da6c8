import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, KEY_B, startTestServer, stopAll, waitForJob, type TestServer } from '../../helpers/test-server';

const KEY_CRAWL = 'test-key-tenant-crawl-0003';
const KEY_RACE = 'test-key-tenant-race-0004';
const KEY_FREE = 'test-key-tenant-free-0005';
const ADMIN = 'admin-key-for-credits-0123456789';

let fixture: FixtureServer;
let ts: TestServer;

const SITE_LINKS = [1, 2, 3, 4, 5, 6].map((n) => `<a href="/site/${n}">page ${n}</a>`).join(' ');

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/page': html('<html><head><title>Priced</title></head><body><p>Every fetch of this page costs credits.</p></body></html>'),
    '/forbidden': html('no', 403),
    '/site': html(`<html><body><p>Site index</p>${SITE_LINKS}</body></html>`),
    ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`/site/${n}`, html(`<html><body><p>Site page ${n}</p></body></html>`)])),
  });
  ts = await startTestServer({
    auth: { apiKeys: [KEY_A, KEY_B, KEY_CRAWL, KEY_RACE, KEY_FREE] },
    billing: {
      mode: 'emulate',
      adminKey: ADMIN,
      keys: {
        [KEY_A]: { credits: 5 },
        [KEY_B]: { credits: 100, dailyCap: 3 },
        [KEY_CRAWL]: { credits: 100, dailyCap: 3 },
        [KEY_RACE]: { credits: 3 },
      },
    },
  });
});

afterAll(() => stopAll(ts, fixture));

const page = (extra: Record<string, unknown> = {}) => ({ url: `${fixture.url}/page`, output: ['markdown'], ...extra });
const fetchAs = (key: string, body: Record<string, unknown>) => ts.api.post('/v1/fetch').set(bearer(key)).send(body);

async function billingOf(key: string): Promise<Record<string, unknown>> {
  const res = await ts.api.get('/v1/me').set(bearer(key));
  expect(res.status).toBe(200);
  return res.body.billing;
}

describe('emulated credits', () => {
  it('charges what usage.credits reports, and answers 402 credits_exhausted at exactly the request the balance cannot pay', async () => {
    expect(await billingOf(KEY_A)).toEqual({ mode: 'emulate', credits_remaining: 5, daily_cap: null, used_today: 0 });
    const first = await fetchAs(KEY_A, page());
    expect(first.status).toBe(200);
    expect(first.body.usage.credits).toBe(1);
    expect((await billingOf(KEY_A)).credits_remaining).toBe(4);

    // json output adds extraction: 2 credits, as reported.
    const withJson = await fetchAs(KEY_A, page({ output: ['markdown', 'json'] }));
    expect(withJson.status).toBe(200);
    expect(withJson.body.usage.credits).toBe(2);
    expect((await billingOf(KEY_A)).credits_remaining).toBe(2);

    // 2 left: a 2-credit request still goes through, then nothing more does.
    expect((await fetchAs(KEY_A, page({ output: ['markdown', 'json'] }))).status).toBe(200);
    const refused = await fetchAs(KEY_A, page());
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('credits_exhausted');
    expect(refused.body.error.message).toContain('has 0 left and the request costs 1');
    expectSpecValid('ErrorResponse', refused.body);
    const async = await ts.api.post('/v1/jobs').set(bearer(KEY_A)).send({ kind: 'fetch', input: page() });
    expect(async.status).toBe(402);
    expect(await billingOf(KEY_A)).toMatchObject({ credits_remaining: 0, used_today: 5 });
  });

  it('bad input (400) and failed jobs (target errors, inline and async) are free', async () => {
    const before = (await billingOf(KEY_B)).used_today as number;
    const invalid = await fetchAs(KEY_B, { url: `${fixture.url}/page`, output: ['nonsense'] });
    expect(invalid.status).toBe(400);
    const blocked = await fetchAs(KEY_B, { url: `${fixture.url}/forbidden` });
    expect(blocked.status).toBe(502);
    expect(blocked.body.error.code).toBe('target_blocked');
    const submit = await ts.api
      .post('/v1/jobs')
      .set(bearer(KEY_B))
      .send({ kind: 'fetch', input: { url: `${fixture.url}/forbidden` } });
    expect(submit.status).toBe(202);
    expect((await waitForJob(ts.api, KEY_B, submit.body.job_id)).status).toBe('failed');
    expect(await billingOf(KEY_B)).toMatchObject({ credits_remaining: 100, used_today: before });
  });

  it('a daily cap answers 429 daily_credit_cap_exceeded with Retry-After once the day is spent', async () => {
    for (let n = 0; n < 3; n += 1) expect((await fetchAs(KEY_B, page())).status).toBe(200);
    const capped = await fetchAs(KEY_B, page());
    expect(capped.status).toBe(429);
    expect(capped.body.error.code).toBe('daily_credit_cap_exceeded');
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(capped.headers['retry-after'])).toBeLessThanOrEqual(86400);
    expectSpecValid('ErrorResponse', capped.body);
    expect(await billingOf(KEY_B)).toEqual({ mode: 'emulate', credits_remaining: 97, daily_cap: 3, used_today: 3 });
  });

  it('a crawl that reaches the daily cap mid-way stops there: partial, with the pages it paid for', async () => {
    const res = await ts.api
      .post('/v1/crawl')
      .set(bearer(KEY_CRAWL))
      .send({ seeds: [`${fixture.url}/site`], max_pages: 10, max_depth: 1 });
    expect(res.status).toBe(200);
    expectSpecValid('CrawlResponse', res.body);
    expect(res.body.status).toBe('partial');
    expect(res.body.result.pages).toHaveLength(3);
    expect(res.body.result.pages.every((crawled: { status: string }) => crawled.status === 'completed')).toBe(true);
    expect(res.body.result.summary).toMatchObject({ pages_fetched: 3, pages_succeeded: 3, pages_failed: 0, pages_skipped: 4, pages_discovered: 7 });
    expect(res.body.diagnostics.step_errors).toEqual([
      expect.objectContaining({ step_id: 'step_1', code: 'daily_credit_cap_exceeded', url: expect.stringContaining('/site/') }),
    ]);
    expect(await billingOf(KEY_CRAWL)).toMatchObject({ credits_remaining: 97, used_today: 3 });
    // With the day spent, the next crawl cannot pay for its first page: refused at the request.
    const next = await ts.api
      .post('/v1/crawl')
      .set(bearer(KEY_CRAWL))
      .send({ seeds: [`${fixture.url}/site`], max_pages: 2 });
    expect(next.status).toBe(429);
    expect(next.body.error.code).toBe('daily_credit_cap_exceeded');
  });

  it('concurrent requests cannot overdraw: with 3 credits, exactly 3 of 8 simultaneous fetches succeed', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => fetchAs(KEY_RACE, page())));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 200, 200, 402, 402, 402, 402, 402]);
    expect((await billingOf(KEY_RACE)).credits_remaining).toBe(0);
  });

  it('a key not listed in billing.keys is not charged', async () => {
    expect((await fetchAs(KEY_FREE, page())).status).toBe(200);
    expect(await billingOf(KEY_FREE)).toEqual({ mode: 'emulate', credits_remaining: null, daily_cap: null, used_today: null });
  });

  it('POST /v1/account/credits needs the admin key, and sets a balance that the next request can spend', async () => {
    const body = { api_key: KEY_A, credits: 2 };
    const missing = await ts.api.post('/v1/account/credits').send(body);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('missing_api_key');
    const withApiKey = await ts.api.post('/v1/account/credits').set(bearer(KEY_A)).send(body);
    expect(withApiKey.status).toBe(401);
    expect(withApiKey.body.error.code).toBe('invalid_api_key');
    const unknownKey = await ts.api.post('/v1/account/credits').set(bearer(ADMIN)).send({ api_key: 'not-a-configured-key', credits: 2 });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.error.code).toBe('invalid_request');
    const negative = await ts.api.post('/v1/account/credits').set(bearer(ADMIN)).send({ api_key: KEY_A, credits: -1 });
    expect(negative.status).toBe(400);

    const set = await ts.api.post('/v1/account/credits').set(bearer(ADMIN)).send(body);
    expect(set.status).toBe(200);
    expect(set.body.billing).toMatchObject({ mode: 'emulate', credits_remaining: 2 });
    expect((await fetchAs(KEY_A, page())).status).toBe(200);
    expect((await billingOf(KEY_A)).credits_remaining).toBe(1);
  });
});

describe('billing off (the default)', () => {
  let plain: TestServer;
  beforeAll(async () => {
    plain = await startTestServer();
  });
  afterAll(() => plain.stop());

  it('GET /v1/me shows mode "off", and POST /v1/account/credits does not exist', async () => {
    const me = await plain.api.get('/v1/me').set(bearer(KEY_A));
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      request_id: expect.any(String),
      tenant: expect.stringMatching(/^t_[0-9a-f]{32}$/),
      billing: { mode: 'off', credits_remaining: null, daily_cap: null, used_today: null },
    });
    const admin = await plain.api.post('/v1/account/credits').set(bearer(ADMIN)).send({ api_key: KEY_A, credits: 1 });
    expect(admin.status).toBe(404);
    expect(admin.body.error.code).toBe('not_found');
  });
});
