import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, KEY_B, startTestServer, waitForJob, type TestServer, withKey, stopAll } from '../../helpers/test-server';

let fixture: FixtureServer;
let ts: TestServer;

const SPA = `<html><head><title>SPA</title></head><body><article id="content"></article><script>
setTimeout(() => { document.getElementById("content").innerHTML = "<h1>Rendered</h1><p>Injected by script after load, long enough to be the main content of this little page for Readability to keep it.</p>"; }, 100);
</script></body></html>`;

const LOGIN = `<html><body><form id="login" action="/do-login" method="post">
<input name="user" id="user"><input name="pass" id="pass" type="password"><button id="go" type="submit">Log in</button></form></body></html>`;

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/spa': html(SPA),
    '/device': html(
      '<html><head><meta name="viewport" content="width=device-width"></head><body><p id="ua"></p><script>document.getElementById("ua").textContent = "width=" + innerWidth + " touch=" + ("ontouchstart" in window) + " ua=" + navigator.userAgent;</script></body></html>',
    ),
    '/login': html(LOGIN),
    '/do-login': (_req, res, { body }) => {
      const user = new URLSearchParams(body).get('user') ?? '';
      res.writeHead(302, { location: '/account', 'set-cookie': `sid=user-${user}; Path=/; HttpOnly` }).end();
    },
    '/account': (req, res) => {
      const sid = /sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<html><body><h1>Account</h1><p id="who">${sid ? `Signed in as ${sid}` : 'Not signed in'}</p></body></html>`);
    },
  });
  ts = await startTestServer({ workers: { maxAttempts: 1 } });
});

afterAll(() => stopAll(ts, fixture));

describe('fetch with the browser', () => {
  it('renders script-injected content and returns a signed, expiring screenshot URL', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/spa`, render_js: true, output: ['markdown', 'screenshot'] });
    expect(res.status).toBe(200);
    expectSpecValid('InlineFetchResponse', res.body);
    expect(res.body.usage.credits).toBe(2);
    expect(res.body.outputs.markdown).toContain('Injected by script');
    const shot = new URL(res.body.outputs.screenshot.url);
    expect(shot.pathname).toMatch(/^\/v1\/files\/t_[0-9a-f]{32}\/[\w-]+\.png$/);
    const png = await ts.api.get(shot.pathname + shot.search);
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    // Change the signature's first character to another one (replacing it with 'x' changes nothing when it is 'x').
    const tampered = shot.search.replace(/sig=(.)/, (_match, first: string) => `sig=${first === 'x' ? 'y' : 'x'}`);
    expect((await ts.api.get(shot.pathname + tampered)).status).toBe(404);
    expect((await ts.api.get(shot.pathname + shot.search.replace(/expires=\d+/, 'expires=1'))).status).toBe(404);
    const plain = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/spa`, output: ['markdown'] });
    expect(plain.body.outputs.markdown ?? '').not.toContain('Injected by script');
  });

  it('emulates the mobile device', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/device`, render_js: true, device: 'mobile', output: ['text'] });
    expect(res.status).toBe(200);
    expect(res.body.outputs.text).toMatch(/width=390 touch=true ua=.*Mobile/);
  });

  it('refuses a render of a refused address with 400 url_not_allowed', async () => {
    const res = await ts.api.post('/v1/fetch').set(bearer(KEY_A)).send({ url: 'http://169.254.169.254/', render_js: true });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('url_not_allowed');
  });
});

describe('POST /v1/interact and sessions', () => {
  it('logs in through a form, keeps the cookie in the session, and a later fetch in the session sees it', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/interact', {
      url: `${fixture.url}/login`,
      session: { id: 'shop' },
      actions: [
        { type: 'type', selector: '#user', value: 'ada' },
        { type: 'type', selector: '#pass', value: 'secret' },
        { type: 'click', selector: '#go' },
        { type: 'wait_for', selector: '#who' },
      ],
      output: ['text'],
    });
    expect(res.status).toBe(200);
    expectSpecValid('InteractResponse', res.body);
    expect(res.body.status).toBe('completed');
    expect(res.body.steps.map((step: { step_id: string; type: string }) => `${step.step_id}:${step.type}`)).toEqual([
      'step_1:type',
      'step_2:type',
      'step_3:click',
      'step_4:wait_for',
    ]);
    expect(res.body.result.final_url).toBe(`${fixture.url}/account`);
    expect(res.body.result.outputs.text).toContain('Signed in as user-ada');
    expect(res.body.result.session).toEqual({ id: 'shop', updated: true });

    const later = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/account`, session: { id: 'shop' }, output: ['html'] });
    expect(later.status).toBe(200);
    expectSpecValid('InlineFetchResponse', later.body);
    expect(later.body.outputs.html).toContain('Signed in as user-ada');
    expect(later.body.session).toEqual({ id: 'shop', updated: false });

    // The same session id under another key is another session; without a session there is no cookie.
    const other = await withKey(ts.api, KEY_B).post('/v1/fetch', { url: `${fixture.url}/account`, session: { id: 'shop' }, output: ['text'] });
    expect(other.body.outputs.text).toContain('Not signed in');
    const none = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/account`, render_js: true, output: ['text'] });
    expect(none.body.outputs.text).toContain('Not signed in');
  });

  it('stops at a failing step: partial, the page as it stands, and diagnostics.step_errors', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/interact', {
      url: `${fixture.url}/login`,
      actions: [
        { type: 'type', selector: '#user', value: 'bob' },
        { type: 'click', selector: '#does-not-exist' },
        { type: 'click', selector: '#go' },
      ],
      timeout_ms: 8000,
    });
    expect(res.status).toBe(200);
    expectSpecValid('InteractResponse', res.body);
    expect(res.body.status).toBe('partial');
    expect(res.body.steps).toHaveLength(2);
    expect(res.body.steps[1]).toMatchObject({ step_id: 'step_2', status: 'failed' });
    expect(res.body.diagnostics.step_errors[0]).toMatchObject({ step_id: 'step_2' });
    expect(res.body.result.outputs.html).toContain('id="login"');
    expect(res.body.result.final_url).toBe(`${fixture.url}/login`);
  });

  it('refuses a second concurrent use of one session with 409', async () => {
    const slow = withKey(ts.api, KEY_A)
      .post('/v1/interact', { url: `${fixture.url}/account`, session: { id: 'busy' }, actions: [{ type: 'wait_ms', duration_ms: 2500 }] })
      .then((res) => res); // supertest sends on then()
    // Wait until the first request's job holds the session (it is running), then collide with it.
    const deadline = Date.now() + 15000;
    for (;;) {
      const running = await ts.api.get('/v1/jobs?status=running&kind=interact').set(bearer(KEY_A));
      if (running.body.jobs.length > 0) break;
      if (Date.now() > deadline) throw new Error('the first interact never ran');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // past the session acquire at the job's start
    const second = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/account`, session: { id: 'busy' } });
    expect(second.status).toBe(409);
    expectSpecValid('ErrorResponse', second.body);
    expect(second.body.error.code).toBe('session_busy');
    expect((await slow).status).toBe(200);
  });

  it('runs as a job through the Jobs API', async () => {
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', {
      kind: 'interact',
      input: { url: `${fixture.url}/spa`, actions: [{ type: 'wait_for', selector: '#content h1' }], output: ['markdown'] },
    });
    const status = await waitForJob(ts.api, KEY_A, submit.body.job_id, 30000);
    expectSpecValid('JobResponse', status);
    expect(status.status).toBe('completed');
    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expectSpecValid('JobResultResponse', result.body);
    expect(result.body.result.outputs.markdown).toContain('Injected by script');
  });
});
