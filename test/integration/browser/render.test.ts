import { BrowserPool } from '../../../src/engine/browser/browser-pool';
import { renderPage } from '../../../src/engine/browser/browser-render';
import { NetworkPolicy } from '../../../src/engine/network/network-policy';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { closePoolAndCheck } from '../../helpers/browser/pool-teardown';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngSize = (png: Buffer): { width: number; height: number } => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

const probeScript = `<pre id="probe"></pre><script>
  document.getElementById('probe').textContent = JSON.stringify({
    width: innerWidth, height: innerHeight, screenWidth: screen.width, dpr: devicePixelRatio, ua: navigator.userAgent,
    touch: 'ontouchstart' in window, maxTouchPoints: navigator.maxTouchPoints });
</script>`;
const probeOf = (text: string): Record<string, unknown> => {
  const json = /<pre id="probe">([^<]*)<\/pre>/.exec(text)?.[1] ?? '{}';
  return JSON.parse(json.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
};

let site: FixtureServer;
let pool: BrowserPool;

beforeAll(async () => {
  site = await startFixtureServer({
    '/article': html(`<html><head><title>Late</title></head><body><main id="root">loading</main><script>
      addEventListener('load', () => setTimeout(() => {
        document.getElementById('root').innerHTML = '<article><h1>Injected headline</h1><p>Body written by script after load.</p></article>';
      }, 150));
    </script></body></html>`),
    '/fetch-after-load': html(`<body><div id="list"></div><script>
      addEventListener('load', () => fetch('/slow-data').then((r) => r.text()).then((t) => { document.getElementById('list').textContent = t; }));
    </script></body>`),
    '/slow-data': (_req, res) => setTimeout(() => res.end('data arrived late'), 400),
    // Like a real phone, the emulated one lays out at 980 px unless the page asks for device-width.
    '/probe': html(`<html><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>${probeScript}</body></html>`),
    '/tall': html('<html><body style="margin:0"><div style="height:3000px;background:linear-gradient(red,blue)">tall</div></body></html>'),
    '/redirect': (_req, res) => {
      res.writeHead(302, { location: '/article' });
      res.end();
    },
    '/echo-headers': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'x-fixture': 'yes' });
      res.end(`<pre id="headers">${String(req.headers['x-test'])}</pre>`);
    },
    '/with-image': html('<body><img src="/pixel.png"><p>text</p></body>'),
    '/pixel.png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
    },
    '/missing': (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>gone</h1>');
    },
  });
  pool = new BrowserPool({ maxConcurrentPages: 2, retireAfterPages: 100, policy: new NetworkPolicy({ allow: ['127.0.0.1'] }) });
});

afterAll(async () => {
  await closePoolAndCheck(pool);
  await site.close();
});

test('an article injected by script shortly after load comes back rendered', async () => {
  const { document } = await renderPage(pool, { url: `${site.origin}/article`, timeoutMs: 15_000 });
  expect(document.text).toContain('Injected headline');
  expect(document.text).not.toContain('loading</main>');
  expect(document).toMatchObject({ statusCode: 200, contentType: 'text/html', finalUrl: `${site.origin}/article`, redirects: [] });
  expect(document.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(document.body.toString('utf8')).toBe(document.text);
});

test('content fetched by script after load is waited for', async () => {
  const { document } = await renderPage(pool, { url: `${site.origin}/fetch-after-load`, timeoutMs: 15_000 });
  expect(document.text).toContain('data arrived late');
});

test('wait_for.network_idle navigates until the network is idle', async () => {
  const { document } = await renderPage(pool, { url: `${site.origin}/fetch-after-load`, timeoutMs: 15_000, waitForNetworkIdle: true });
  expect(document.text).toContain('data arrived late');
});

test('redirects are followed and listed; the final status and headers are the target answer', async () => {
  const { document } = await renderPage(pool, { url: `${site.origin}/redirect`, timeoutMs: 15_000 });
  expect(document.finalUrl).toBe(`${site.origin}/article`);
  expect(document.redirects).toEqual([`${site.origin}/redirect`]);
  expect(document.requestedUrl).toBe(`${site.origin}/redirect`);

  const missing = await renderPage(pool, { url: `${site.origin}/missing`, timeoutMs: 15_000 });
  expect(missing.document.statusCode).toBe(404);
});

test.each([
  ['desktop', { width: 1366, height: 768, screenWidth: 1366, dpr: 1, touch: false, maxTouchPoints: 0 }, /Chrome\//],
  ['mobile', { width: 390, height: 844, screenWidth: 390, dpr: 3, touch: true }, /iPhone.*Safari/],
  ['tablet', { width: 820, height: 1180, screenWidth: 820, touch: true }, /iPad.*Safari/],
] as const)('device %s: viewport, user agent and touch are what the page sees', async (device, expected, ua) => {
  const { document } = await renderPage(pool, { url: `${site.origin}/probe`, device, timeoutMs: 15_000 });
  const probe = probeOf(document.text ?? '');
  expect(probe).toMatchObject(expected);
  expect(probe.ua).toMatch(ua);
  expect(probe.ua).not.toMatch(/Headless/);
  if (expected.touch) expect(probe.maxTouchPoints).toBeGreaterThan(0);
});

test('screenshot: a PNG of the viewport, or of the full page', async () => {
  const viewport = await renderPage(pool, { url: `${site.origin}/tall`, timeoutMs: 15_000, screenshot: { fullPage: false } });
  const full = await renderPage(pool, { url: `${site.origin}/tall`, timeoutMs: 15_000, screenshot: { fullPage: true } });
  expect(viewport.screenshotPng?.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(full.screenshotPng?.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(pngSize(viewport.screenshotPng!)).toEqual({ width: 1366, height: 768 });
  expect(pngSize(full.screenshotPng!)).toEqual({ width: 1366, height: 3000 });
  const none = await renderPage(pool, { url: `${site.origin}/tall`, timeoutMs: 15_000 });
  expect(none.screenshotPng).toBeUndefined();
});

test('extra headers reach the target; block_resources keeps images from loading', async () => {
  const echoed = await renderPage(pool, { url: `${site.origin}/echo-headers`, headers: { 'X-Test': 'hello' }, timeoutMs: 15_000 });
  expect(echoed.document.text).toContain('<pre id="headers">hello</pre>');
  expect(echoed.document.headers['x-fixture']).toBe('yes');

  site.requestTargets.length = 0;
  await renderPage(pool, { url: `${site.origin}/with-image`, blockResources: ['images'], timeoutMs: 15_000 });
  expect(site.requestTargets.filter((hit) => hit !== '/favicon.ico')).toEqual(['/with-image']);
  await renderPage(pool, { url: `${site.origin}/with-image`, timeoutMs: 15_000 });
  expect(site.requestTargets).toContain('/pixel.png');
});

test('a navigation slower than timeoutMs fails with a timeout', async () => {
  const slow = await startFixtureServer({ '/never': () => undefined });
  try {
    const started = Date.now();
    await expect(renderPage(pool, { url: `${slow.origin}/never`, timeoutMs: 1_000 })).rejects.toMatchObject({
      code: 'timeout',
      timedOut: true,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(pool.stats().pagesOpen).toBe(0);
  } finally {
    await slow.close();
  }
});
