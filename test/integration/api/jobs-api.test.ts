import { ARTICLE_PAGE, html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { assertNoServersLeft, bearer, KEY_A, KEY_B, startTestServer, waitForJob, type TestServer, withKey } from '../../helpers/test-server';

let fixture: FixtureServer;
let ts: TestServer;
let releaseSlow: () => void = () => {};

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/article': html(ARTICLE_PAGE),
    '/forbidden': html('<p>no</p>', 403),
    // Held open until the test releases it: a job that stays running for as long as the test needs.
    '/slow': (_req, res) => {
      releaseSlow = () => {
        if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/html' }).end('<p>slow</p>');
      };
    },
  });
  ts = await startTestServer({ workers: { concurrency: 2, maxAttempts: 1 } });
});

afterAll(async () => {
  releaseSlow();
  await ts.stop();
  await fixture.close();
  assertNoServersLeft();
});

describe('Jobs API', () => {
  it('runs the submit → poll → result flow of the hosted docs', async () => {
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/article`, output: ['markdown'] } });
    expect(submit.status).toBe(202);
    expectSpecValid('AsyncJobAcceptedResponse', submit.body);
    expect(submit.body).toMatchObject({ mode: 'async', status: 'queued', job_type: 'fetch' });
    expect(submit.body.job_id).toMatch(/^job_[A-Za-z0-9_-]{20,}$/);
    expect(submit.headers['x-request-id']).toBe(submit.body.request_id);

    const status = await waitForJob(ts.api, KEY_A, submit.body.job_id);
    expectSpecValid('JobResponse', status);
    expect(status).toMatchObject({ status: 'completed', result_available: true, mode: 'async', job_type: 'fetch' });
    expect(status.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(status.completed_at).toBeDefined();

    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expect(result.status).toBe(200);
    expectSpecValid('JobResultResponse', result.body);
    expect(result.body.outputs.markdown).toContain('quick brown fox');
    expect(Object.keys(result.body.outputs)).toEqual(['markdown']);
  });

  it('hides one tenant’s jobs from another', async () => {
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/article` } });
    const other = await ts.api.get(`/v1/jobs/${submit.body.job_id}`).set(bearer(KEY_B));
    expect(other.status).toBe(404);
    expectSpecValid('ErrorResponse', other.body);
    expect(other.body.error.code).toBe('job_not_found');
    expect((await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_B))).status).toBe(404);
    expect((await ts.api.post(`/v1/jobs/${submit.body.job_id}/cancel`).set(bearer(KEY_B))).status).toBe(404);
    const list = await ts.api.get('/v1/jobs').set(bearer(KEY_B));
    expect(list.body.jobs.map((job: { job_id: string }) => job.job_id)).not.toContain(submit.body.job_id);
  });

  it('answers 409 job_not_ready while running, cancels with 202, then 200 with the status unchanged', async () => {
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/slow` } });
    const jobId = submit.body.job_id as string;
    const notReady = await ts.api.get(`/v1/jobs/${jobId}/result`).set(bearer(KEY_A));
    expect(notReady.status).toBe(409);
    expect(notReady.body.error.code).toBe('job_not_ready');
    expectSpecValid('ErrorResponse', notReady.body);

    const cancel = await ts.api.post(`/v1/jobs/${jobId}/cancel`).set(bearer(KEY_A));
    expect(cancel.status).toBe(202);
    expectSpecValid('CancelJobResponse', cancel.body);
    expect(cancel.body.status).toBe('cancelled');

    const again = await ts.api.post(`/v1/jobs/${jobId}/cancel`).set(bearer(KEY_A));
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('cancelled');

    const status = await ts.api.get(`/v1/jobs/${jobId}`).set(bearer(KEY_A));
    expectSpecValid('JobResponse', status.body);
    expect(status.body.status).toBe('cancelled');
    const result = await ts.api.get(`/v1/jobs/${jobId}/result`).set(bearer(KEY_A));
    expect(result.status).toBe(200);
    expectSpecValid('JobResultResponse', result.body);
    expect(result.body.status).toBe('cancelled');
    releaseSlow();
  });

  it('reports a failed job with its error, and /result answers 409 job_failed', async () => {
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/forbidden` } });
    const status = await waitForJob(ts.api, KEY_A, submit.body.job_id);
    expectSpecValid('JobResponse', status);
    expect(status).toMatchObject({ status: 'failed', result_available: false, error: { code: 'target_blocked' } });
    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe('job_failed');
    expect(result.body.error.message).toContain('403');
  });

  it('lists the tenant’s jobs newest first with a cursor, filtered by status and kind', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await withKey(ts.api, KEY_B).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/article?i=${i}` } });
      ids.push(res.body.job_id);
    }
    const first = await ts.api.get('/v1/jobs?limit=2').set(bearer(KEY_B));
    expect(first.status).toBe(200);
    expect(first.body.jobs.map((job: { job_id: string }) => job.job_id)).toEqual([ids[2], ids[1]]);
    const second = await ts.api.get(`/v1/jobs?limit=2&cursor=${first.body.next_cursor}`).set(bearer(KEY_B));
    expect(second.body.jobs.map((job: { job_id: string }) => job.job_id)).toEqual([ids[0]]);
    expect(second.body.next_cursor).toBeNull();
    await waitForJob(ts.api, KEY_B, ids[2]);
    const filtered = await ts.api.get('/v1/jobs?status=completed&kind=fetch').set(bearer(KEY_B));
    expect(filtered.body.jobs.every((job: { status: string }) => job.status === 'completed')).toBe(true);
    const bad = await ts.api.get('/v1/jobs?status=done').set(bearer(KEY_B));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('status');
  });

  it('accepts and validates every surface kind', async () => {
    const invalidCrawl = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'crawl', input: { seeds: [] } });
    expect(invalidCrawl.status).toBe(400);
    expect(invalidCrawl.body.error.message).toContain('input.seeds');
    for (const [kind, input] of [
      ['crawl', { seeds: [`${fixture.url}/`] }],
      ['map', { seeds: [`${fixture.url}/`] }],
      ['search', { query: 'foxes' }],
      ['interact', { url: `${fixture.url}/`, actions: [{ type: 'wait_ms', duration_ms: 10 }] }],
    ] as const) {
      const res = await ts.api.post('/v1/jobs').set(bearer(KEY_A)).send({ kind, input });
      expect(res.status).toBe(202);
      expectSpecValid('AsyncJobAcceptedResponse', res.body);
      expect(res.body.job_type).toBe(kind);
    }
    const unknownKind = await ts.api.post('/v1/jobs').set(bearer(KEY_A)).send({ kind: 'scrape', input: {} });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error.message).toContain('kind');
  });
});
