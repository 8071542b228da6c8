import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { KEY_A, startTestServer, type TestServer, withKey, stopAll } from '../../helpers/test-server';

// What a hostile caller or page did to the browser surfaces: header values that split requests, a page too tall to
// photograph, a DOM of 50 MB. Each answers in the v1 envelope with a 4xx that is not retried, never a 500, and the
// server stays responsive meanwhile.

let fixture: FixtureServer;
let ts: TestServer;

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/page': html('<html><body><p>ok</p></body></html>'),
    '/too-tall': html('<html><body style="margin:0"><div style="height:300000px">tall</div></body></html>'),
    // The tester's page: 50 MB of text written by script (hidden, so no time goes into laying it out).
    '/huge-dom': html('<html><body><p id="p" hidden></p><script>document.getElementById("p").textContent = "A".repeat(50 << 20);</script></body></html>'),
  });
  // Three attempts (the default) so that a wrongly retried failure would show as three visits.
  ts = await startTestServer({ http: { maxResponseBytes: 1024 * 1024 }, workers: { maxAttempts: 3 } });
});

afterAll(() => stopAll(ts, fixture));

function expectEnvelope(res: { status: number; body: Record<string, any> }, status: number, code: string): void {
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
  expectSpecValid('ErrorResponse', res.body);
}

describe('caller headers are validated at the door', () => {
  it.each([
    ['a CR LF in a value', { 'X-Evil': 'a\r\nInjected: yes' }, 'headers.X-Evil: must not contain CR, LF, NUL'],
    ['a NUL in a value', { 'X-Evil': 'a\u0000b' }, 'headers.X-Evil: must not contain CR, LF, NUL'],
    ['a space in a name', { 'Bad Name': 'x' }, 'headers.Bad Name: is not a valid header name'],
  ])('%s is 400 invalid_request naming the header, with and without render_js', async (_name, headers, message) => {
    for (const renderJs of [true, false]) {
      const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/page`, render_js: renderJs, headers });
      expectEnvelope(res, 400, 'invalid_request');
      expect(res.body.error.message).toContain(message);
    }
  });

  it('a header Chromium will not send is 400 under render_js, naming it', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/page`, render_js: true, headers: { Host: 'elsewhere.example' } });
    expectEnvelope(res, 400, 'invalid_request');
    expect(res.body.error.message).toContain('headers.Host');
  });
});

describe('pages the browser cannot or must not read', () => {
  it('a page too tall for a full-page screenshot is 422, not 500', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${fixture.url}/too-tall`,
      output: ['screenshot'],
      screenshot_options: { full_page: true },
    });
    expectEnvelope(res, 422, 'extraction_failed');
    expect(res.body.error.message).toContain('full_page: false');
  });

  it('a 50 MB DOM is 422 naming http.maxResponseBytes, tried once, while /health answers within a second', async () => {
    const visitsBefore = fixture.hits.filter((hit) => hit === 'GET /huge-dom').length;
    let running = true;
    const healthMs: number[] = [];
    const probing = (async () => {
      while (running) {
        const started = Date.now();
        const health = await ts.api.get('/health');
        expect(health.status).toBe(200);
        healthMs.push(Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    try {
      const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/huge-dom`, render_js: true, timeout_ms: 60_000 });
      expectEnvelope(res, 422, 'extraction_failed');
      expect(res.body.error.message).toContain('http.maxResponseBytes');
      expect(res.body.diagnostics.retryable).toBe(false);
    } finally {
      running = false;
      await probing;
    }
    expect(fixture.hits.filter((hit) => hit === 'GET /huge-dom').length - visitsBefore).toBe(1);
    expect(healthMs.length).toBeGreaterThan(0);
    expect(Math.max(...healthMs)).toBeLessThan(1000);
  });
});
