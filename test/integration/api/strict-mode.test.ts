import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid, responseSchemaOf } from '../../helpers/spec-validator';
import { bearer, KEY_A, startTestServer, stopAll, waitForJob, type TestServer } from '../../helpers/test-server';
import { startWalmartSite, type WalmartSite } from '../../helpers/walmart-site';
import { startYouTubeSite, type YouTubeSite } from '../../helpers/youtube-site';

/**
 * compat.strict means strict: a client generated from the v1 spec can parse every answer. Every route of the
 * spec is called on a strict server (real SQLite, Chromium, local fixture sites) and every answer is validated
 * against the spec's own closed schema for that operation and status, errors included.
 */
let site: FixtureServer;
let youtube: YouTubeSite;
let walmart: WalmartSite;
let strict: TestServer;
let loose: TestServer;

const article = (title: string) =>
  html(
    `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>A paragraph about ${title.toLowerCase()} that is long enough for Readability to take it as the main content of the page.</p><a href="/a">a</a> <a href="/b">b</a></article></body></html>`,
  );

beforeAll(async () => {
  site = await startFixtureServer({
    '/robots.txt': (_req, res) => void res.writeHead(404).end(),
    '/': article('Home'),
    '/a': article('Alpha'),
    '/b': article('Beta'),
  });
  youtube = await startYouTubeSite();
  walmart = await startWalmartSite();
  const sites = {
    youtube: { baseUrl: youtube.url, perRequestDelayMs: 5 },
    walmart: { baseUrl: walmart.url, perRequestDelayMs: 5 },
    search: { googleBackend: 'local' as const },
    workers: { maxAttempts: 1 },
  };
  strict = await startTestServer({ ...sites, compat: { strict: true } });
  loose = await startTestServer(sites);
});

afterAll(async () => {
  await loose.stop();
  await stopAll(strict, site, youtube, walmart);
});

/** Calls one operation and validates the answer against the schema the spec names for it and its status. */
async function call(method: 'GET' | 'POST', template: string, path: string, options: { query?: Record<string, string>; body?: object; auth?: boolean } = {}) {
  let request = method === 'GET' ? strict.api.get(path) : strict.api.post(path);
  if (options.auth !== false) request = request.set(bearer(KEY_A));
  if (options.query) request = request.query(options.query);
  const res = options.body ? await request.send(options.body) : await request;
  expectSpecValid(responseSchemaOf(method, template, res.status), res.body);
  return res;
}

/** Polls a job to its end on the strict server, validating every status answer on the way. */
async function settle(jobId: string): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await call('GET', '/v1/jobs/{id}', `/v1/jobs/${jobId}`);
    if (['completed', 'partial', 'failed', 'cancelled'].includes(res.body.status)) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('compat.strict: every v1 route answers within its closed schema', () => {
  it('health, fetch, crawl, map, search and interact, inline', async () => {
    expect((await call('GET', '/health', '/health', { auth: false })).status).toBe(200);
    expect((await call('POST', '/v1/fetch', '/v1/fetch', { body: { url: `${site.url}/` } })).status).toBe(200);
    expect((await call('POST', '/v1/crawl', '/v1/crawl', { body: { seeds: [`${site.url}/`], max_pages: 3, max_depth: 1 } })).status).toBe(200);
    expect((await call('POST', '/v1/map', '/v1/map', { body: { seeds: [`${site.url}/`] } })).status).toBe(200);
    expect((await call('POST', '/v1/search', '/v1/search', { body: { query: 'alpha paragraph', provider: 'google' } })).status).toBe(200);
    const interact = await call('POST', '/v1/interact', '/v1/interact', { body: { url: `${site.url}/`, actions: [{ type: 'click', selector: 'h1' }] } });
    expect(interact.status).toBe(200);
  });

  it('the Jobs API: submit, status (no progress on crawl and map jobs), result and cancel', async () => {
    for (const [kind, input] of [
      ['crawl', { seeds: [`${site.url}/`], max_pages: 3, max_depth: 1 }],
      ['map', { seeds: [`${site.url}/`] }],
      ['fetch', { url: `${site.url}/a` }],
    ] as const) {
      const submit = await call('POST', '/v1/jobs', '/v1/jobs', { body: { kind, input } });
      expect(submit.status).toBe(202);
      const status = await settle(submit.body.job_id);
      expect([kind, status.status]).toEqual([kind, 'completed']);
      expect(status).not.toHaveProperty('progress');
      expect((await call('GET', '/v1/jobs/{id}/result', `/v1/jobs/${submit.body.job_id}/result`)).status).toBe(200);
      expect((await call('POST', '/v1/jobs/{id}/cancel', `/v1/jobs/${submit.body.job_id}/cancel`)).status).toBe(200);
    }
  });

  it('YouTube: search, video, subtitles and the search crawl job', async () => {
    expect((await call('GET', '/v1/youtube/search', '/v1/youtube/search', { query: { search: 'javascript tutorial' } })).status).toBe(200);
    expect((await call('GET', '/v1/youtube/videos/{video_id}', '/v1/youtube/videos/W6NZfCO5SIk')).status).toBe(200);
    expect((await call('GET', '/v1/youtube/subtitles', '/v1/youtube/subtitles', { query: { video_id: 'W6NZfCO5SIk', language: 'en' } })).status).toBe(200);
    const submit = await call('POST', '/v1/youtube/search/crawl', '/v1/youtube/search/crawl', { body: { search: 'javascript tutorial', end_page: 2 } });
    expect(submit.status).toBe(202);
    expect((await settle(submit.body.job_id)).status).toBe('completed');
    expect((await call('GET', '/v1/jobs/{id}/result', `/v1/jobs/${submit.body.job_id}/result`)).status).toBe(200);
  });

  it('Walmart: search and product without request_id, the crawl accepted without job_type', async () => {
    const search = await call('GET', '/v1/walmart/search', '/v1/walmart/search', { query: { search: 'coffee maker' } });
    expect(search.status).toBe(200);
    expect(search.body).not.toHaveProperty('request_id');
    expect(search.headers['x-request-id']).toEqual(expect.any(String)); // headers may carry it: extra headers are allowed
    expect((await call('GET', '/v1/walmart/product', '/v1/walmart/product', { query: { product_id: '10001' } })).status).toBe(200);
    const submit = await call('GET', '/v1/walmart/search/crawl', '/v1/walmart/search/crawl', { query: { search: 'coffee maker', end_page: '2' } });
    expect(submit.status).toBe(202);
    expect(submit.body).not.toHaveProperty('job_type');
    // The v1 JobResponse and JobResultResponse enumerate their job types without walmart_search_crawl (nor
    // amazon_search_crawl): no answer can validate as written. The status is checked as the YouTube crawl's
    // branch (the same closed shape), and the result's `result` as the WalmartSearchResponse it is.
    const status = await waitForJob(strict.api, KEY_A, submit.body.job_id);
    expect(status.status).toBe('completed');
    expectSpecValid('JobResponse', { ...status, job_type: 'youtube_search_crawl' });
    const result = await strict.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expectSpecValid('JobResultResponse', { ...result.body, job_type: 'youtube_search_crawl' });
    expectSpecValid('WalmartSearchResponse', result.body.result);
  });

  it('errors: 400, 401, 404, 422 and 502 in the v1 envelope', async () => {
    expect((await call('POST', '/v1/fetch', '/v1/fetch', { body: { url: 'nope' } })).status).toBe(400);
    expect((await call('POST', '/v1/fetch', '/v1/fetch', { body: { url: `${site.url}/`, output: ['links'] } })).status).toBe(400); // EXT output refused
    expect((await call('GET', '/v1/walmart/search', '/v1/walmart/search', { query: { search: 'tv' }, auth: false })).status).toBe(401);
    expect((await call('GET', '/v1/jobs/{id}', '/v1/jobs/job_doesnotexist00000000')).status).toBe(404);
    expect((await call('GET', '/v1/walmart/search', '/v1/walmart/search', { query: { search: 'captcha' } })).status).toBe(502);
    expect((await call('GET', '/v1/walmart/product', '/v1/walmart/product', { query: { product_id: '10009' } })).status).toBe(422);
  });
});

describe('outside compat.strict the extras stay', () => {
  it('crawl job status carries progress', async () => {
    const submit = await loose.api
      .post('/v1/jobs')
      .set(bearer(KEY_A))
      .send({ kind: 'crawl', input: { seeds: [`${site.url}/`], max_pages: 3, max_depth: 1 } });
    const status = await waitForJob(loose.api, KEY_A, submit.body.job_id);
    expect(status.progress).toEqual({ completed: expect.any(Number), total: expect.any(Number) });
  });
});
