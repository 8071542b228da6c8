import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, startTestServer, type TestServer, withKey, stopAll } from '../../helpers/test-server';

let fixture: FixtureServer;
let ts: TestServer;

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/page': html('<html><body><p>allowed</p></body></html>'),
    // The allow-list entry is 127.0.0.1:<port>, matched on the connected address: these leave it.
    '/to-other-loopback': (_req, res) => void res.writeHead(302, { location: `http://127.0.0.2:${fixture.port}/page` }).end(),
    '/to-hex': (_req, res) => void res.writeHead(302, { location: `http://0x7f.0.0.3:${fixture.port}/page` }).end(),
    '/to-other-port': (_req, res) => void res.writeHead(302, { location: 'http://localhost:1/page' }).end(),
    '/to-metadata': (_req, res) => void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    '/to-file': (_req, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
  });
  // Only this fixture's exact host:port is allowed: every other loopback form stays refused.
  ts = await startTestServer({ network: { allow: [`127.0.0.1:${fixture.port}`] } });
});

afterAll(() => stopAll(ts, fixture));

describe('network policy through the API', () => {
  it('fetches the allowed fixture, also by another name of the same allowed address and port', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/page` });
    expect(res.status).toBe(200);
    const byName = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `http://localhost:${fixture.port}/page` });
    expect(byName.status).toBe(200);
  });

  it.each([
    'http://127.0.0.1:1/',
    'http://localhost/',
    'http://[::1]/',
    'http://0.0.0.0/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://0177.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
  ])('refuses %s with 400 url_not_allowed', async (url) => {
    const res = await ts.api.post('/v1/fetch').set(bearer(KEY_A)).send({ url });
    expect(res.status).toBe(400);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('url_not_allowed');
    expect(res.body.error.message).toMatch(/network\.allow|SCRAPIO_ALLOW_HOSTS/);
  });

  it.each(['/to-other-loopback', '/to-hex', '/to-other-port', '/to-metadata', '/to-file'])(
    'refuses an allowed host that redirects to a refused one (%s)',
    async (path) => {
      const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}${path}` });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('url_not_allowed');
      expect(fixture.hits.filter((hit) => hit === 'GET /page')).toHaveLength(2);
    },
  );

  it('refuses a webhook target outside the policy at submission', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/jobs', {
      kind: 'fetch',
      input: { url: `${fixture.url}/page` },
      webhook: { url: 'http://169.254.169.254/hook' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('url_not_allowed');
  });
});
