import { BrowserPool } from '../../../src/engine/browser/browser-pool';
import { renderPage } from '../../../src/engine/browser/browser-render';
import { NetworkPolicy } from '../../../src/engine/network/network-policy';
import { emptySessionState, type SessionState } from '../../../src/engine/browser/session-state';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { closePoolAndCheck } from '../../helpers/browser/pool-teardown';

// Shows what the page sees: its cookies (document.cookie and the Cookie header) and localStorage.
const probe = html(`<body><pre id="state"></pre><script>
  document.getElementById('state').textContent = JSON.stringify({ cookie: document.cookie, visits: localStorage.getItem('visits') });
</script></body>`);
const stateOf = (text: string | undefined): { cookie: string; visits: string | null } =>
  JSON.parse((/<pre id="state">([^<]*)<\/pre>/.exec(text ?? '')?.[1] ?? '{}').replace(/&quot;/g, '"'));

let site: FixtureServer;
let pool: BrowserPool;

beforeAll(async () => {
  site = await startFixtureServer({
    '/set': (_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html',
        'set-cookie': ['sid=abc123; Path=/; HttpOnly', 'theme=dark; Path=/; Max-Age=3600'],
      });
      res.end(`<body>set<script>localStorage.setItem('visits', String(Number(localStorage.getItem('visits') || 0) + 1));</script></body>`);
    },
    '/probe': probe,
    '/header': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<pre id="cookie-header">${req.headers.cookie ?? ''}</pre>`);
    },
  });
  pool = new BrowserPool({ maxConcurrentPages: 2, retireAfterPages: 100, policy: new NetworkPolicy({ allow: ['127.0.0.1'] }) });
});

afterAll(async () => {
  await closePoolAndCheck(pool);
  await site.close();
});

test('contexts are isolated: cookies and storage of job A are not visible to job B', async () => {
  await renderPage(pool, { url: `${site.origin}/set`, timeoutMs: 15_000 });
  const jobB = await renderPage(pool, { url: `${site.origin}/probe`, timeoutMs: 15_000 });
  expect(stateOf(jobB.document.text)).toEqual({ cookie: '', visits: null });
  const header = await renderPage(pool, { url: `${site.origin}/header`, timeoutMs: 15_000 });
  expect(header.document.text).toContain('<pre id="cookie-header"></pre>');
});

test('concurrent jobs do not share cookies either', async () => {
  const [a, b] = await Promise.all([
    renderPage(pool, { url: `${site.origin}/set`, timeoutMs: 15_000, session: emptySessionState() }),
    renderPage(pool, { url: `${site.origin}/probe`, timeoutMs: 15_000, session: emptySessionState() }),
  ]);
  expect(a.session?.cookies.map((cookie) => cookie.name).sort()).toEqual(['sid', 'theme']);
  expect(b.session).toEqual({ cookies: [], localStorage: {} });
});

test('a session captured after job A is restored in job B: cookies and localStorage', async () => {
  const first = await renderPage(pool, { url: `${site.origin}/set`, timeoutMs: 15_000, session: emptySessionState() });
  const session = first.session as SessionState;
  expect(session.localStorage).toEqual({ [site.origin]: { visits: '1' } });
  const sid = session.cookies.find((cookie) => cookie.name === 'sid');
  expect(sid).toMatchObject({ value: 'abc123', httpOnly: true, path: '/', domain: '127.0.0.1' });
  expect(sid?.expires).toBeUndefined(); // a session cookie, kept with the session
  expect(session.cookies.find((cookie) => cookie.name === 'theme')?.expires).toBeGreaterThan(Date.now() / 1000);
  // What the lead stores is JSON: the round trip must not lose anything.
  const stored = JSON.parse(JSON.stringify(session)) as SessionState;

  const second = await renderPage(pool, { url: `${site.origin}/probe`, timeoutMs: 15_000, session: stored });
  expect(stateOf(second.document.text)).toEqual({ cookie: 'theme=dark', visits: '1' });
  const header = await renderPage(pool, { url: `${site.origin}/header`, timeoutMs: 15_000, session: stored });
  expect(header.document.text).toMatch(/<pre id="cookie-header">(sid=abc123; theme=dark|theme=dark; sid=abc123)<\/pre>/);

  // The page updates its storage on top of the restored value, and the new value is captured.
  const third = await renderPage(pool, { url: `${site.origin}/set`, timeoutMs: 15_000, session: second.session });
  expect(third.session?.localStorage[site.origin]).toEqual({ visits: '2' });
});

test('restoring does not overwrite what a later page of the same job wrote', async () => {
  const session: SessionState = { cookies: [], localStorage: { [site.origin]: { visits: '5' } } };
  const result = await pool.withPage({ session }, async (page) => {
    await page.goto(`${site.origin}/set`, { waitUntil: 'load', timeout: 10_000 });
    await page.goto(`${site.origin}/probe`, { waitUntil: 'load', timeout: 10_000 });
    return page.$eval('#state', (element) => element.textContent ?? '');
  });
  expect(JSON.parse(result)).toMatchObject({ visits: '6' });
});

test('expired cookies are not restored', async () => {
  const session: SessionState = {
    cookies: [{ name: 'old', value: 'x', domain: '127.0.0.1', path: '/', expires: Date.now() / 1000 - 60 }],
    localStorage: {},
  };
  const { document } = await renderPage(pool, { url: `${site.origin}/probe`, timeoutMs: 15_000, session });
  expect(stateOf(document.text).cookie).toBe('');
});
