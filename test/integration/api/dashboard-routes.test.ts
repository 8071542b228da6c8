import { startFixtureServer, html } from '../../helpers/fixture-server';
import { bearer, KEY_A, KEY_B, startTestServer, stopAll, waitForJob, withKey, type TestServer } from '../../helpers/test-server';

let ts: TestServer;
let site: Awaited<ReturnType<typeof startFixtureServer>>;

beforeAll(async () => {
  site = await startFixtureServer({ '/': html('<html><body><p>A page.</p></body></html>') });
  ts = await startTestServer({ workers: { maxAttempts: 1 } });
});

afterAll(() => stopAll(ts, site));

describe('GET /dashboard and its assets', () => {
  it('serves the page and its script and stylesheet with their types and a strict CSP, no key needed', async () => {
    const page = await ts.api.get('/dashboard');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // No inline script or style, and every asset is this server's.
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((await ts.api.get('/dashboard/')).status).toBe(200);

    const script = await ts.api.get('/dashboard/assets/dashboard.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(() => new Function(script.text)).not.toThrow(); // parses as a classic script
    const css = await ts.api.get('/dashboard/assets/dashboard.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['content-security-policy']).toBe(csp);
  });

  it('answers other methods with 405 and unknown assets with 404, in the v1 envelope', async () => {
    const post = await ts.api.post('/dashboard').send({});
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    expect(post.body.error.code).toBe('method_not_allowed');
    const missing = await ts.api.get('/dashboard/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});

describe('EXT GET /v1/server/status', () => {
  it('needs the key', async () => {
    const res = await ts.api.get('/v1/server/status');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('missing_api_key');
  });

  it('reports workers, queue, jobs by status, Chromium and memory, and only the caller’s failed jobs', async () => {
    const gone = await startFixtureServer();
    await gone.close();
    const submitted = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${gone.url}/` } });
    const failed = await waitForJob(ts.api, KEY_A, submitted.body.job_id as string);
    expect(failed.status).toBe('failed');

    const mine = await withKey(ts.api, KEY_A).get('/v1/server/status');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      request_id: expect.any(String),
      workers: { busy: expect.any(Number), total: ts.config.workers.concurrency },
      queue: { depth: expect.any(Number) },
      jobs_by_status: expect.objectContaining({ failed: expect.any(Number) }),
      chromium: { processes: expect.any(Number), resident_bytes: expect.any(Number) },
      memory: { rss_bytes: expect.any(Number), heap_used_bytes: expect.any(Number), heap_total_bytes: expect.any(Number) },
    });
    expect(mine.body.memory.rss_bytes).toBeGreaterThan(0);
    expect(mine.body.recent_errors).toEqual([
      {
        job_id: submitted.body.job_id,
        job_type: 'fetch',
        at: failed.completed_at,
        code: (failed.error as { code: string }).code,
        message: (failed.error as { message: string }).message,
      },
    ]);

    const theirs = await withKey(ts.api, KEY_B).get('/v1/server/status');
    expect(theirs.body.recent_errors).toEqual([]);
  });
});

describe('EXT GET /v1/jobs/{id}/input', () => {
  it('returns the stored request of the caller’s own job, and 404 for another tenant', async () => {
    const submitted = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${site.url}/`, output: ['markdown'] } });
    const jobId = submitted.body.job_id as string;
    const res = await ts.api.get(`/v1/jobs/${jobId}/input`).set(bearer(KEY_A));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ job_id: jobId, job_type: 'fetch', input: { url: `${site.url}/`, output: ['markdown'] }, attempt: expect.any(Number) });
    const other = await ts.api.get(`/v1/jobs/${jobId}/input`).set(bearer(KEY_B));
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('job_not_found');
    const wrongMethod = await ts.api.post(`/v1/jobs/${jobId}/input`).set(bearer(KEY_A)).send({});
    expect(wrongMethod.status).toBe(405);
    await waitForJob(ts.api, KEY_A, jobId);
  });
});

describe('EXT GET /v1/jobs/{id}/pages', () => {
  it('lists a crawl’s fetched pages in the result’s page shape, refuses other kinds, and scopes by tenant', async () => {
    const crawl = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'crawl', input: { seeds: [`${site.url}/`], max_pages: 2 } });
    const jobId = crawl.body.job_id as string;
    await waitForJob(ts.api, KEY_A, jobId);
    const result = await withKey(ts.api, KEY_A).get(`/v1/jobs/${jobId}/result`);
    const pages = await withKey(ts.api, KEY_A).get(`/v1/jobs/${jobId}/pages?offset=0&limit=10`);
    expect(pages.status).toBe(200);
    expect(pages.body.pages).toEqual(result.body.result.pages);
    expect((await withKey(ts.api, KEY_A).get(`/v1/jobs/${jobId}/pages?offset=1`)).body.pages).toEqual([]);
    expect((await withKey(ts.api, KEY_B).get(`/v1/jobs/${jobId}/pages`)).status).toBe(404);
    const badLimit = await withKey(ts.api, KEY_A).get(`/v1/jobs/${jobId}/pages?limit=0`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.code).toBe('invalid_request');

    const fetchJob = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${site.url}/` } });
    const notCrawl = await withKey(ts.api, KEY_A).get(`/v1/jobs/${fetchJob.body.job_id as string}/pages`);
    expect(notCrawl.status).toBe(400);
    expect(notCrawl.body.error.message).toContain('only crawl jobs have pages');
    await waitForJob(ts.api, KEY_A, fetchJob.body.job_id as string);
  });
});
