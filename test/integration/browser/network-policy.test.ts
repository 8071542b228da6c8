import { BrowserPool } from '../../../src/engine/browser/browser-pool';
import { renderPage } from '../../../src/engine/browser/browser-render';
import { NetworkPolicy } from '../../../src/engine/network/network-policy';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { closePoolAndCheck } from '../../helpers/browser/pool-teardown';

// Only 127.0.0.1 is allowed; 127.0.0.2 is another loopback address, refused like any internal host.
let site: FixtureServer;
let refused: FixtureServer;
let pool: BrowserPool;

beforeAll(async () => {
  refused = await startFixtureServer(
    {
      '/secret.png': (_req, res) => res.end('secret'),
      '/': html('<h1>internal admin</h1>'),
      '/ws': html('internal'),
    },
    { host: '127.0.0.2' },
  );
  const internal = refused.origin;
  site = await startFixtureServer({
    '/with-internal-image': html(`<body><p>public page</p><img src="${internal}/secret.png"><img src="/ok.png"></body>`),
    '/ok.png': (_req, res) => res.end('ok'),
    '/redirect-inside': (_req, res) => {
      res.writeHead(302, { location: `${internal}/` });
      res.end();
    },
    '/navigates-away': html(`<body>start<script>addEventListener('load', () => { location.href = '${internal}/'; });</script></body>`),
    '/navigates-https': html(`<body>start<script>addEventListener('load', () => { location.href = 'https://127.0.0.2:${refused.port}/'; });</script></body>`),
    // Had the data: frame loaded, its image would hit this server.
    '/frames': (req, res, request) =>
      html(`<body><p>frames</p><iframe src="data:text/html,<img src='http://${req.headers.host}/from-data-frame.png'>"></iframe>
        <iframe src="file:///etc/hostname"></iframe><img id="inline" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"></body>`)(
        req,
        res,
        request,
      ),
    '/websocket': html(`<body><pre id="ws">pending</pre><script>
      const ws = new WebSocket('ws://127.0.0.2:${refused.port}/ws');
      ws.onerror = () => { document.getElementById('ws').textContent = 'blocked'; };
      ws.onopen = () => { document.getElementById('ws').textContent = 'open'; };
    </script></body>`),
    '/fetches-internal': html(`<body><pre id="out">pending</pre><script>
      fetch('${internal}/').then(() => 'leaked', () => 'blocked').then((t) => { document.getElementById('out').textContent = t; });
    </script></body>`),
  });
  pool = new BrowserPool({ maxConcurrentPages: 2, retireAfterPages: 100, policy: new NetworkPolicy({ allow: ['127.0.0.1'] }) });
});

afterAll(async () => {
  await closePoolAndCheck(pool);
  await Promise.all([site.close(), refused.close()]);
});

beforeEach(() => {
  refused.requestTargets.length = 0;
});

test('an image from a refused host is blocked while the page still renders', async () => {
  const { document } = await renderPage(pool, { url: `${site.origin}/with-internal-image`, timeoutMs: 15_000 });
  expect(document.text).toContain('public page');
  expect(site.requestTargets).toContain('/ok.png');
  expect(refused.requestTargets).toEqual([]);
});

test.each([
  ['a refused IP literal', () => `${refused.origin}/`],
  ['a refused host over https', () => `https://127.0.0.2:${refused.port}/`],
  ['a redirect into a refused host', () => `${site.origin}/redirect-inside`],
  ['a file: URL', () => 'file:///etc/passwd'],
  ['a data: URL', () => 'data:text/html,<p>hi</p>'],
])('navigating to %s fails with url_not_allowed', async (_name, url) => {
  await expect(renderPage(pool, { url: url(), timeoutMs: 15_000 })).rejects.toMatchObject({ code: 'url_not_allowed', status: 400 });
  expect(refused.requestTargets).toEqual([]);
});

test('a host name is judged on its resolved address: localhost is allowed through 127.0.0.1 only', async () => {
  const { document } = await renderPage(pool, { url: `http://localhost:${site.port}/ok.png`, timeoutMs: 15_000 });
  expect(document.text).toContain('ok');
});

test.each(['/navigates-away', '/navigates-https'])('a page that sends itself to a refused host (%s) is stopped', async (path) => {
  await expect(renderPage(pool, { url: `${site.origin}${path}`, timeoutMs: 15_000 })).rejects.toMatchObject({ code: 'url_not_allowed' });
  expect(refused.requestTargets).toEqual([]);
});

test('fetch() and WebSocket to a refused host fail inside the page', async () => {
  const fetched = await renderPage(pool, { url: `${site.origin}/fetches-internal`, timeoutMs: 15_000 });
  expect(fetched.document.text).toContain('<pre id="out">blocked</pre>');
  const socket = await renderPage(pool, { url: `${site.origin}/websocket`, timeoutMs: 15_000 });
  expect(socket.document.text).toContain('<pre id="ws">blocked</pre>');
  expect(refused.requestTargets).toEqual([]);
});

test('data: and file: frames are not loaded; data: images are', async () => {
  site.requestTargets.length = 0;
  const { document } = await renderPage(pool, { url: `${site.origin}/frames`, timeoutMs: 15_000 });
  expect(document.text).toContain('<p>frames</p>');
  expect(site.requestTargets).toContain('/frames');
  expect(site.requestTargets).not.toContain('/from-data-frame.png');
  await pool.withPage({}, async (page) => {
    await page.goto(`${site.origin}/frames`, { waitUntil: 'load', timeout: 10_000 });
    expect(await page.$eval('#inline', (img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
  });
});

test('a closed port on an allowed host is target_unreachable, not a policy refusal', async () => {
  const gone = await startFixtureServer({});
  await gone.close();
  await expect(renderPage(pool, { url: `${gone.origin}/`, timeoutMs: 15_000 })).rejects.toMatchObject({ code: 'target_unreachable', retryable: true });
  await expect(renderPage(pool, { url: `https://127.0.0.1:${gone.port}/`, timeoutMs: 15_000 })).rejects.toMatchObject({ code: 'target_unreachable' });
});
