import { BrowserPool } from '../../../src/engine/browser/browser-pool';
import { renderPage } from '../../../src/engine/browser/browser-render';
import type { BrowserLease } from '../../../src/engine/browser/browser-lease';
import { NetworkPolicy } from '../../../src/engine/network/network-policy';
import { HeldRequests } from '../../helpers/browser/held-requests';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { waitForNoLiveChromium } from '../../helpers/browser/process-table';

// A render_js crawl renders every page through one lease: one context, tabs reused page after page.
const policy = new NetworkPolicy({ allow: ['127.0.0.1'] });
let site: FixtureServer;
/** /hang never finishes loading until the test lets go. */
const hanging = new HeldRequests();
const pools: BrowserPool[] = [];

/** The page counts the documents its tab has shown (sessionStorage lives as long as the tab) into its title. */
const COUNTING_PAGE = html(
  '<title>counting</title><script src="/shared.js"></script>' +
    '<script>sessionStorage.n = String(Number(sessionStorage.n || 0) + 1); document.title = "tab-visit-" + sessionStorage.n;</script>' +
    '<p id="cookie"></p><script>document.getElementById("cookie").textContent = "cookie=[" + document.cookie + "]";</script>',
);

function newPool(options: Partial<ConstructorParameters<typeof BrowserPool>[0]> = {}): BrowserPool {
  const pool = new BrowserPool({ maxConcurrentPages: 2, retireAfterPages: 100, policy, ...options });
  pools.push(pool);
  return pool;
}

async function titleOf(tabs: BrowserLease | BrowserPool, path: string): Promise<string> {
  const { document } = await renderPage(tabs, { url: `${site.origin}${path}`, timeoutMs: 15_000 });
  return /<title>([^<]*)<\/title>/.exec(document.text ?? '')?.[1] ?? '';
}

beforeAll(async () => {
  site = await startFixtureServer({
    '/count': COUNTING_PAGE,
    '/set-cookie': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'crawl=one; Path=/' });
      res.end('<title>set</title>');
    },
    '/shared.js': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/javascript', 'cache-control': 'public, max-age=3600' });
      res.end('window.shared = true;');
    },
    '/hang': hanging.route,
    // Keeps talking to the site after load, as pages that poll do.
    '/polling': html('<title>polling</title><script>setInterval(() => fetch("/ping?from=polling"), 40);</script>'),
    // Opens a second page that polls too.
    '/opener': html('<title>opener</title><script>window.open("/polling-popup");</script>'),
    '/polling-popup': html('<title>popup</title><script>setInterval(() => fetch("/ping?from=popup"), 40);</script>'),
    '/ping': (_req, res) => void res.writeHead(204).end(),
  });
});

afterEach(() => hanging.releaseAll());

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await site.close();
  expect(await waitForNoLiveChromium({ ancestor: process.pid })).toEqual([]);
});

test('a lease reuses one tab page after page and keeps the HTTP cache; each render through the pool gets a new tab', async () => {
  const pool = newPool();
  const lease = pool.openLease({});
  try {
    const titles: string[] = [];
    for (let i = 0; i < 4; i += 1) titles.push(await titleOf(lease, '/count'));
    expect(titles).toEqual(['tab-visit-1', 'tab-visit-2', 'tab-visit-3', 'tab-visit-4']);
    // The script is cacheable: the reused context loaded it once (Puppeteer turns the cache off under request
    // interception unless told otherwise).
    expect(site.requestTargets.filter((hit) => hit === '/shared.js')).toHaveLength(1);
  } finally {
    await lease.close();
  }
  expect(await titleOf(pool, '/count')).toBe('tab-visit-1');
  expect(await titleOf(pool, '/count')).toBe('tab-visit-1');
});

test('cookies stay inside their lease: another lease and plain renders do not see them', async () => {
  const pool = newPool();
  const first = pool.openLease({});
  const second = pool.openLease({});
  try {
    await titleOf(first, '/set-cookie');
    const cookieOf = async (tabs: BrowserLease | BrowserPool) =>
      /cookie=\[[^\]]*\]/.exec((await renderPage(tabs, { url: `${site.origin}/count`, timeoutMs: 15_000 })).document.text ?? '')?.[0];
    expect(await cookieOf(first)).toBe('cookie=[crawl=one]');
    expect(await cookieOf(second)).toBe('cookie=[]');
    expect(await cookieOf(pool)).toBe('cookie=[]');
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

test('a tab whose render failed is closed, not reused', async () => {
  const pool = newPool({ maxConcurrentPages: 1 });
  const lease = pool.openLease({});
  try {
    expect(await titleOf(lease, '/count')).toBe('tab-visit-1');
    const request = hanging.nextRequest();
    const failing = renderPage(lease, { url: `${site.origin}/hang`, timeoutMs: 1_500 });
    await request;
    await expect(failing).rejects.toMatchObject({ code: 'timeout' });
    expect(await titleOf(lease, '/count')).toBe('tab-visit-1');
    expect(await titleOf(lease, '/count')).toBe('tab-visit-2');
  } finally {
    await lease.close();
  }
});

test('when the browser retires mid-lease, the lease carries on in a new context on the next browser', async () => {
  const pool = newPool({ retireAfterPages: 3 });
  const lease = pool.openLease({});
  try {
    const titles: string[] = [];
    for (let i = 0; i < 5; i += 1) titles.push(await titleOf(lease, '/count'));
    // Renders 1–3 on the first browser (the third retires it), 4–5 in the lease's new context on the second.
    expect(titles).toEqual(['tab-visit-1', 'tab-visit-2', 'tab-visit-3', 'tab-visit-1', 'tab-visit-2']);
    expect(pool.stats().launches).toBe(2);
  } finally {
    await lease.close();
  }
  await expect(lease.withPage({}, async () => 'never')).rejects.toThrow(/lease is closed/);
  expect(pool.stats().pagesOpen).toBe(0);
});

/** Pings from `from` that reach the site during the next `ms` (a live page timer sends one every 40 ms). */
async function pingsDuring(from: string, ms: number): Promise<number> {
  const count = () => site.requestTargets.filter((hit) => hit.startsWith(`/ping?from=${from}`)).length;
  const before = count();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return count() - before;
}

test('an idle tab is frozen: a polling page goes quiet between pages, and the tab serves the next one', async () => {
  const pool = newPool();
  const lease = pool.openLease({});
  try {
    await titleOf(lease, '/polling');
    // Requests the page sent before it was frozen may still be on their way (intercepted requests are let go by
    // the server process, late under load, seen up to ~2 s): they land in this first window. Then, a live timer
    // would send ~15.
    await pingsDuring('polling', 2_000);
    expect(await pingsDuring('polling', 600)).toBeLessThanOrEqual(1);
    expect(await titleOf(lease, '/count')).toBe('tab-visit-1');
  } finally {
    await lease.close();
  }
});

test('a page a crawled page opens is closed at once, not left running in the lease', async () => {
  const pool = newPool();
  const lease = pool.openLease({});
  try {
    await titleOf(lease, '/opener');
    await pingsDuring('popup', 300); // the popup may live for a moment
    expect(await pingsDuring('popup', 600)).toBeLessThanOrEqual(1);
  } finally {
    await lease.close();
  }
});
