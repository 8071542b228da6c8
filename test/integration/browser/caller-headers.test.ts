import type { IncomingMessage, ServerResponse } from 'node:http';
import { BrowserPool } from '../../../src/engine/browser/browser-pool';
import { renderPage } from '../../../src/engine/browser/browser-render';
import { NetworkPolicy } from '../../../src/engine/network/network-policy';
import { html, startFixtureServer, type FixtureHandler as Route, type FixtureRequest, type FixtureServer } from '../../helpers/fixture-server';
import { closePoolAndCheck } from '../../helpers/browser/pool-teardown';

// The caller's `headers` (credentials above all) are meant for the target: under render_js they go to the target's
// origin only, like the plain HTTP client's, never to another origin the page loads from or redirects to.
// Two fixture servers on 127.0.0.1 with different ports are two origins, both allowed by the network policy.

const CALLER_HEADERS = { Authorization: 'Bearer caller-token', Cookie: 'sid=caller-cookie', 'X-Caller': 'caller-value' };

interface Seen {
  path: string;
  authorization?: string;
  cookie?: string;
  caller?: string;
}

let target: FixtureServer;
let other: FixtureServer;
let pool: BrowserPool;
const seenByTarget: Seen[] = [];
const seenByOther: Seen[] = [];

/** Records what each request carried, then answers. */
const recording =
  (log: Seen[], route: Route): Route =>
  (req: IncomingMessage, res: ServerResponse, request: FixtureRequest) => {
    log.push({
      path: request.url.pathname,
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
      caller: req.headers['x-caller'] as string | undefined,
    });
    return route(req, res, request);
  };

const redirect =
  (location: () => string): Route =>
  (_req, res) => {
    res.writeHead(302, { location: location() });
    res.end();
  };

const pixel: Route = (_req, res) => {
  res.writeHead(200, { 'content-type': 'image/gif', 'access-control-allow-origin': '*' });
  res.end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
};

beforeAll(async () => {
  other = await startFixtureServer({
    '/pixel.gif': recording(seenByOther, pixel),
    '/api': recording(seenByOther, pixel),
    '/frame': recording(seenByOther, html('<p>third-party frame</p>')),
    '/landing': recording(seenByOther, html('<p>landed elsewhere</p>')),
    '/back': recording(
      seenByOther,
      redirect(() => `${target.origin}/final`),
    ),
  });
  target = await startFixtureServer({
    '/page': recording(
      seenByTarget,
      html(`<body><p>page</p>
        <img src="/own.gif"><img src="${other.origin}/pixel.gif">
        <iframe src="${other.origin}/frame"></iframe>
        <script>fetch('/own-api'); fetch('${other.origin}/api', { mode: 'no-cors' });</script></body>`),
    ),
    '/own.gif': recording(seenByTarget, pixel),
    '/own-api': recording(seenByTarget, pixel),
    '/to-other': recording(
      seenByTarget,
      redirect(() => `${other.origin}/landing`),
    ),
    '/bounce': recording(
      seenByTarget,
      redirect(() => `${other.origin}/back`),
    ),
    '/final': recording(seenByTarget, html('<p>back on the target</p>')),
  });
  pool = new BrowserPool({ maxConcurrentPages: 2, retireAfterPages: 100, policy: new NetworkPolicy({ allow: ['127.0.0.1'] }) });
});

afterAll(async () => {
  await closePoolAndCheck(pool);
  await Promise.all([target.close(), other.close()]);
});

beforeEach(() => {
  seenByTarget.length = 0;
  seenByOther.length = 0;
});

const withCaller = (path: string): Seen => ({ path, authorization: 'Bearer caller-token', cookie: 'sid=caller-cookie', caller: 'caller-value' });
const bare = (path: string): Seen => ({ path, authorization: undefined, cookie: undefined, caller: undefined });
const byPath = (a: Seen, b: Seen): number => a.path.localeCompare(b.path);

test("the page's own requests carry the caller's headers; subresources of another origin get none", async () => {
  await renderPage(pool, { url: `${target.origin}/page`, headers: CALLER_HEADERS, timeoutMs: 20_000 });
  expect(seenByTarget.filter((seen) => seen.path !== '/favicon.ico').sort(byPath)).toEqual(['/own-api', '/own.gif', '/page'].map(withCaller));
  expect(seenByOther.sort(byPath)).toEqual(['/api', '/frame', '/pixel.gif'].map(bare));
});

test('a redirect to another origin leaves the headers behind', async () => {
  const { document } = await renderPage(pool, { url: `${target.origin}/to-other`, headers: CALLER_HEADERS, timeoutMs: 20_000 });
  expect(document.text).toContain('landed elsewhere');
  expect(seenByTarget).toEqual([withCaller('/to-other')]);
  expect(seenByOther.filter((seen) => seen.path !== '/favicon.ico')).toEqual([bare('/landing')]);
});

test('once a redirect left the origin, coming back to it does not bring the headers back', async () => {
  const { document } = await renderPage(pool, { url: `${target.origin}/bounce`, headers: CALLER_HEADERS, timeoutMs: 20_000 });
  expect(document.text).toContain('back on the target');
  expect(seenByOther).toEqual([bare('/back')]);
  expect(seenByTarget.filter((seen) => seen.path !== '/favicon.ico')).toEqual([withCaller('/bounce'), bare('/final')]);
});

test('a header value Chromium refuses fails the render as invalid_request instead of leaving the request hanging', async () => {
  // The API's schema refuses such values first; this is the engine's own guard, for whatever gets past it.
  await expect(renderPage(pool, { url: `${target.origin}/page`, headers: { 'X-Split': 'a\rb' }, timeoutMs: 30_000 })).rejects.toMatchObject({
    code: 'invalid_request',
    message: expect.stringContaining('Invalid header'),
  });
  expect(seenByTarget).toEqual([]);
});
