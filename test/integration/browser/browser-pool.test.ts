import { BrowserPool } from '../../../src/engine/browser/browser-pool';
import { renderPage } from '../../../src/engine/browser/browser-render';
import { NetworkPolicy } from '../../../src/engine/network/network-policy';
import { HeldRequests } from '../../helpers/browser/held-requests';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { liveChromiumProcesses, waitForNoLiveChromium } from '../../helpers/browser/process-table';

const policy = new NetworkPolicy({ allow: ['127.0.0.1'] });
let site: FixtureServer;
/** /hang never finishes loading until the test lets go. */
const hanging = new HeldRequests();
const pools: BrowserPool[] = [];

function newPool(options: Partial<ConstructorParameters<typeof BrowserPool>[0]> = {}): BrowserPool {
  const pool = new BrowserPool({ maxConcurrentPages: 2, retireAfterPages: 100, policy, ...options });
  pools.push(pool);
  return pool;
}

async function expectNoLiveChromium(selector: { pgid?: number; ancestor?: number }): Promise<void> {
  expect(await waitForNoLiveChromium(selector)).toEqual([]);
}

beforeAll(async () => {
  site = await startFixtureServer({
    '/page': html('<h1>fine</h1>'),
    '/hang': hanging.route,
  });
});

afterEach(() => hanging.releaseAll());

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await site.close();
  await expectNoLiveChromium({ ancestor: process.pid });
});

test('Chromium killed mid-render: that render fails retryable, the next one gets a new browser', async () => {
  const pool = newPool();
  await renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 15_000 });
  const firstPid = pool.stats().pid as number;
  const request = hanging.nextRequest();
  const rendering = renderPage(pool, { url: `${site.origin}/hang`, timeoutMs: 30_000 });
  await request;
  process.kill(firstPid, 'SIGKILL');
  await expect(rendering).rejects.toMatchObject({ code: 'browser_unavailable', retryable: true, message: expect.stringMatching(/exited while rendering/) });
  expect(pool.stats().pagesOpen).toBe(0);
  await expectNoLiveChromium({ pgid: firstPid });

  const { document } = await renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 15_000 });
  expect(document.text).toContain('fine');
  expect(pool.stats()).toMatchObject({ launches: 2, pagesOpen: 0 });
  expect(pool.stats().pid).not.toBe(firstPid);
});

test('Chromium hung mid-render: the render fails at its deadline, retryable, and the hung browser is replaced', async () => {
  const pool = newPool();
  await renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 15_000 });
  const hungPid = pool.stats().pid as number;
  const request = hanging.nextRequest();
  const started = Date.now();
  // The deadline must fall after the SIGSTOP: a loaded machine can take seconds to reach /hang, and a deadline
  // that fires first finds a live browser (a plain timeout), which is not what this test is about.
  const rendering = renderPage(pool, { url: `${site.origin}/hang`, timeoutMs: 8_000 });
  await request;
  process.kill(hungPid, 'SIGSTOP');
  await expect(rendering).rejects.toMatchObject({ code: 'browser_unavailable', retryable: true, message: expect.stringMatching(/stopped answering/) });
  expect(Date.now() - started).toBeLessThan(14_000);
  await expectNoLiveChromium({ pgid: hungPid }); // SIGKILL ends stopped processes too

  const { document } = await renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 15_000 });
  expect(document.text).toContain('fine');
  expect(pool.stats().launches).toBe(2);
});

test('no Chromium process outlives close(), which is idempotent', async () => {
  const pool = newPool();
  await renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 15_000 });
  const pid = pool.stats().pid as number;
  expect(liveChromiumProcesses({ pgid: pid }).length).toBeGreaterThan(1); // browser, zygotes, renderers...
  await Promise.all([pool.close(), pool.close()]);
  await pool.close();
  await expectNoLiveChromium({ pgid: pid });
  await expect(renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'browser_unavailable' });
});

test('close() during work fails the pages in flight and the waiters, retryably', async () => {
  const pool = newPool({ maxConcurrentPages: 1 });
  const request = hanging.nextRequest();
  const inFlight = renderPage(pool, { url: `${site.origin}/hang`, timeoutMs: 30_000 });
  const waiting = renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 30_000 });
  const outcomes = Promise.allSettled([inFlight, waiting]);
  await request;
  const pid = pool.stats().pid as number;
  await pool.close();
  for (const outcome of await outcomes) {
    expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'browser_unavailable', retryable: true } });
  }
  await expectNoLiveChromium({ pgid: pid });
});

test('at most maxConcurrentPages pages at once', async () => {
  const pool = newPool({ maxConcurrentPages: 2 });
  let open = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: 6 }, () =>
      pool.withPage({}, async (page) => {
        open += 1;
        peak = Math.max(peak, open, pool.stats().pagesOpen);
        await page.goto(`${site.origin}/page`, { waitUntil: 'load', timeout: 10_000 });
        open -= 1;
      }),
    ),
  );
  expect(peak).toBe(2);
  expect(pool.stats()).toMatchObject({ launches: 1, pagesOpen: 0 });
});

test('a browser is retired after retireAfterPages; its pages in flight finish on it', async () => {
  const pool = newPool({ maxConcurrentPages: 2, retireAfterPages: 2 });
  await renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 15_000 });
  const firstPid = pool.stats().pid as number;
  const request = hanging.nextRequest();
  // The second page of the first browser: it retires, yet this render must complete on it.
  const onRetiring = renderPage(pool, { url: `${site.origin}/hang`, timeoutMs: 30_000 });
  await request;
  const onNext = await renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 15_000 });
  expect(onNext.document.text).toContain('fine');
  expect(pool.stats().launches).toBe(2);
  expect(pool.stats().pid).not.toBe(firstPid);
  expect(liveChromiumProcesses({ pgid: firstPid }).length).toBeGreaterThan(0);
  hanging.releaseAll();
  expect((await onRetiring).document.text).toContain('late');
  await expectNoLiveChromium({ pgid: firstPid });
});

test('an aborted job rejects with its reason, closes its page, and the pool goes on', async () => {
  const pool = newPool();
  const controller = new AbortController();
  const request = hanging.nextRequest();
  const rendering = renderPage(pool, { url: `${site.origin}/hang`, timeoutMs: 30_000, signal: controller.signal });
  await request;
  controller.abort(new Error('cancelled by the user'));
  await expect(rendering).rejects.toMatchObject({ code: 'internal_error', message: expect.stringContaining('cancelled by the user') });
  expect(pool.stats().pagesOpen).toBe(0);
  const { document } = await renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 15_000 });
  expect(document.text).toContain('fine');
});

test('no Chromium found: browser_unavailable naming the install command', async () => {
  const pool = newPool({ executablePath: '/nonexistent/chromium' });
  await expect(renderPage(pool, { url: `${site.origin}/page`, timeoutMs: 5_000 })).rejects.toMatchObject({
    code: 'browser_unavailable',
    status: 503,
    message: expect.stringContaining('apt-get install -y chromium'),
  });
  expect(pool.stats()).toEqual({ launches: 0, pagesOpen: 0, pid: undefined, pids: [] });
});
