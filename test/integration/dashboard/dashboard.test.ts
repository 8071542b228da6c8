import type { ServerResponse } from 'node:http';
import type { Browser } from 'puppeteer-core';
import { deferred } from '../../helpers/deferred';
import { html, startFixtureServer, until } from '../../helpers/fixture-server';
import { startCrawlSite } from '../../helpers/fixture-site';
import { launchTestBrowser, logIn, openDashboardTab, waitForText, type DashboardTab } from '../../helpers/dashboard-browser';
import { KEY_A, startTestServer, stopAll, waitForJob, withKey, type TestServer } from '../../helpers/test-server';

let site: Awaited<ReturnType<typeof startCrawlSite>>;
let ts: TestServer;
let browser: Browser;
const tabs: DashboardTab[] = [];

beforeAll(async () => {
  site = await startCrawlSite();
  ts = await startTestServer({ workers: { maxAttempts: 1 } });
  browser = await launchTestBrowser();
});

afterAll(async () => {
  await browser.close();
  await stopAll(ts, site);
});

/** Waits until the crawl has stored `count` fetched pages (read through the API, as the dashboard reads them). */
async function storedPageCount(jobId: string, count: number): Promise<void> {
  const deadline = Date.now() + 20000;
  while ((await withKey(ts.api, KEY_A).get(`/v1/jobs/${jobId}/pages`)).body.pages.length < count) {
    if (Date.now() > deadline) throw new Error(`crawl ${jobId} never stored ${count} pages`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function tab(): Promise<DashboardTab> {
  const opened = await openDashboardTab(browser, ts.server.url);
  tabs.push(opened);
  return opened;
}

describe('the dashboard in Chromium', () => {
  it('refuses a wrong key with the API error and keeps nothing', async () => {
    const { page, problems } = await tab();
    await page.type('#login-key', 'not-a-key-of-this-server');
    await page.click('#login-form button[type=submit]');
    const message = await waitForText(page, '#login-error', /invalid_api_key/);
    expect(message).toContain('Invalid API key');
    // Not shown (computed style: the nav's own display rule must not override its hidden attribute).
    expect(await page.$eval('#nav', (node) => getComputedStyle(node).display)).toBe('none');
    expect(await page.$eval('#view-jobs', (node) => getComputedStyle(node).display)).toBe('none');
    expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
    // The 401 itself is the only console error Chromium reports (a failed fetch); nothing else went wrong.
    expect(problems.filter((problem) => !/401/.test(problem))).toEqual([]);
  });

  it('submits a crawl from the try-it form, shows it live until it ends, and opens a page’s markdown', async () => {
    const { page, problems } = await tab();
    await logIn(page, KEY_A);
    await page.goto(`${ts.server.url}/dashboard#/try`);
    await page.waitForSelector('#view-try:not([hidden])');
    await page.select('#try-kind', 'crawl');
    await page.type('#try-target', `${site.url}/`);
    await page.$eval('#try-extra', (node) => {
      (node as HTMLTextAreaElement).value = JSON.stringify({ max_pages: 6, max_depth: 1, output: ['markdown'] });
      node.dispatchEvent(new Event('input'));
    });
    const curl = await page.$eval('#try-curl', (node) => node.textContent ?? '');
    expect(curl).toContain(`curl -X POST '${ts.server.url}/v1/jobs'`);
    expect(curl).toContain('"Authorization: Bearer $SCRAPIO_API_KEY"');
    expect(curl).toContain(`-d '{"kind":"crawl","input":{"seeds":["${site.url}/"],"max_pages":6,"max_depth":1,"output":["markdown"]}}'`);

    await page.click('#try-form button[type=submit]');
    await page.waitForFunction(() => location.hash.startsWith('#/crawl/'));
    const jobId = decodeURIComponent((await page.evaluate(() => location.hash)).slice('#/crawl/'.length));
    // The live view ends on the job's terminal status, with the stored pages and the failed page's error.
    const status = await waitForText(page, '#crawl-status', /completed|partial|failed|cancelled/);
    const job = await waitForJob(ts.api, KEY_A, jobId);
    expect(status).toBe(job.status);
    expect(job.status).toBe('partial'); // /missing answers 404
    await waitForText(page, '#crawl-errors', /target_http_error/);
    expect(await page.$eval('#crawl-errors', (node) => (node as HTMLElement).innerText)).toContain(`${site.url}/missing`);
    const pageUrls = await page.$$eval('#crawl-pages li', (items) => items.map((item) => item.getAttribute('data-url')));
    expect(pageUrls).toEqual(expect.arrayContaining([`${site.url}/`, `${site.url}/a`, `${site.url}/b`, `${site.url}/missing`]));
    expect(await page.$eval('#crawl-bar', (node) => (node as HTMLElement).style.width)).toBe('100%');

    // Job detail: its input, timeline and paged pages; a page's markdown opens in place.
    await page.click('#crawl-detail-link');
    await page.waitForSelector('#result-pages tbody tr');
    expect(await page.$eval('#job-input', (node) => node.textContent ?? '')).toContain(`${site.url}/`);
    expect(await page.$eval('#job-timeline', (node) => (node as HTMLElement).innerText)).toMatch(/created[\s\S]*started[\s\S]*partial/);
    await page.click(`#result-pages tr[data-url="${site.url}/"] button.open-page`);
    const markdown = await waitForText(page, '#page-markdown pre.markdown', /This is the page called Home/);
    expect(markdown).toContain('# Home');

    // The jobs list shows it, and its kind filter hides it.
    await page.goto(`${ts.server.url}/dashboard#/jobs`);
    await page.waitForSelector(`#jobs-table tr[data-job-id="${jobId}"]`);
    expect(await page.$eval(`#jobs-table tr[data-job-id="${jobId}"]`, (row) => (row as HTMLElement).innerText)).toMatch(/crawl\s+partial/);
    await page.select('#filter-kind', 'fetch');
    await page.click('#jobs-filters button[type=submit]');
    await page.waitForSelector('#jobs-empty:not([hidden])');
    expect(await page.$(`#jobs-table tr[data-job-id="${jobId}"]`)).toBeNull();
    expect(problems).toEqual([]);
  });

  it('shows a running crawl’s pages: those fetched before it opened, then each as its event arrives', async () => {
    const releaseOne = deferred<void>();
    const releaseTwo = deferred<void>();
    const heldPage = (release: Promise<void>, text: string) => async (_req: unknown, res: ServerResponse) => {
      await release;
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><p>${text}</p></body></html>`);
    };
    const held = await startFixtureServer({
      '/': html('<html><body><a href="/first">first</a> <a href="/one">one</a> <a href="/two">two</a><p>A crawl that waits.</p></body></html>'),
      '/first': html('<html><body><p>The first page answers at once.</p></body></html>'),
      '/one': heldPage(releaseOne.promise, 'Held page one.'),
      '/two': heldPage(releaseTwo.promise, 'Held page two.'),
    });
    try {
      const { page, problems } = await tab();
      await logIn(page, KEY_A);
      const accepted = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'crawl', input: { seeds: [`${held.url}/`], max_pages: 4 } });
      const jobId = accepted.body.job_id as string;
      await until(() => held.hits.includes('GET /one') && held.hits.includes('GET /two'));
      await storedPageCount(jobId, 2); // / and /first
      // Opened after / and /first were fetched: they come from GET /v1/jobs/{id}/pages.
      await page.goto(`${ts.server.url}/dashboard#/crawl/${jobId}`);
      await page.waitForSelector(`#crawl-pages li[data-url="${held.url}/first"]`);
      await page.waitForSelector(`#crawl-pages li[data-url="${held.url}/"]`);
      expect(await page.$eval('#crawl-status', (node) => node.textContent)).toBe('running');
      // /one answers while /two still waits: its page can only have come through the event stream.
      releaseOne.resolve();
      await page.waitForSelector(`#crawl-pages li[data-url="${held.url}/one"]`);
      expect(await page.$eval('#crawl-status', (node) => node.textContent)).toBe('running');
      expect(await page.$eval('#crawl-bar', (node) => (node as HTMLElement).style.width)).not.toBe('100%');
      expect(await page.$(`#crawl-pages li[data-url="${held.url}/two"]`)).toBeNull();
      // The jobs list, open in another tab, shows it running and then completed without being reloaded.
      const list = await tab();
      await logIn(list.page, KEY_A); // session storage is per tab: each tab logs in
      await list.page.goto(`${ts.server.url}/dashboard#/jobs`);
      const row = `#jobs-table tr[data-job-id="${jobId}"]`;
      expect(await waitForText(list.page, row, /running/)).toContain('crawl');
      releaseTwo.resolve();
      await waitForText(list.page, `${row} .status`, /completed/);
      expect(list.problems).toEqual([]);
      await waitForText(page, '#crawl-status', /completed/);
      await page.waitForSelector(`#crawl-pages li[data-url="${held.url}/two"]`);
      expect(await page.$$eval('#crawl-pages li', (items) => items.length)).toBe(4);
      expect(await page.$eval('#crawl-bar', (node) => (node as HTMLElement).style.width)).toBe('100%');
      expect(problems).toEqual([]);
    } finally {
      releaseOne.resolve();
      releaseTwo.resolve();
      await held.close();
    }
  });

  it('shows a fetch job’s markdown and its screenshot inline', async () => {
    const submitted = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${site.url}/a`, output: ['markdown', 'screenshot'] } });
    const jobId = submitted.body.job_id as string;
    expect((await waitForJob(ts.api, KEY_A, jobId)).status).toBe('completed');
    const { page, problems } = await tab();
    await logIn(page, KEY_A);
    await page.goto(`${ts.server.url}/dashboard#/jobs/${jobId}`);
    expect(await waitForText(page, '#job-markdown', /This is the page called Page A/)).toContain('# Page A');
    await page.waitForSelector('#job-detail img.screenshot');
    // The signed /v1/files URL loads under the page's CSP (img-src 'self') and decodes as an image.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('img.screenshot')].every((img) => img.complete && img.naturalWidth > 0));
    expect(problems).toEqual([]);
  });

  it('shows the API error of a refused URL in the form', async () => {
    const { page, problems } = await tab();
    await logIn(page, KEY_A);
    await page.goto(`${ts.server.url}/dashboard#/try`);
    await page.waitForSelector('#view-try:not([hidden])');
    await page.select('#try-kind', 'crawl');
    await page.type('#try-target', 'http://127.0.0.2:9/'); // loopback, but not in network.allow
    await page.click('#try-form button[type=submit]');
    const message = await waitForText(page, '#try-error', /url_not_allowed/);
    expect(message).toContain('127.0.0.2');
    expect(await page.evaluate(() => location.hash)).toBe('#/try');
    expect(problems.filter((problem) => !/40\d/.test(problem))).toEqual([]);
  });

  it('shows server health: workers, queue, Chromium, memory and the tenant’s recent errors', async () => {
    // A fetch of a port nobody listens on any more fails (the URL is allowed, the connection is refused).
    const gone = await startFixtureServer();
    await gone.close();
    const submitted = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${gone.url}/` } });
    const failed = await waitForJob(ts.api, KEY_A, submitted.body.job_id as string);
    expect(failed.status).toBe('failed');
    const code = (failed.error as { code: string }).code;
    const { page, problems } = await tab();
    await logIn(page, KEY_A);
    await page.goto(`${ts.server.url}/dashboard#/health`);
    await waitForText(page, '#health-figures', /Workers busy/);
    const figure = (name: string) => page.$eval(`#health-figures dd[data-figure="${name}"]`, (node) => node.textContent ?? '');
    expect(await figure('Workers busy')).toMatch(/^\d+ of \d+$/);
    expect(await figure('Queue depth')).toMatch(/^\d+$/);
    expect(await figure('Chromium processes')).toMatch(/^\d+ \(.+ resident\)$/);
    expect(await figure('Server memory')).toMatch(/MiB resident/);
    const errors = await waitForText(page, '#health-errors', new RegExp(submitted.body.job_id as string));
    expect(errors).toContain(code);
    expect(problems).toEqual([]);
  });

  it('never puts the key in a URL: it travels only in the Authorization header', () => {
    const all = tabs.flatMap((opened) => opened.requests);
    // Screenshots are signed /v1/files URLs that an <img> loads without the key (the signature is their authorisation).
    const api = all.filter((request) => /^\/v1\/(?!files\/)/.test(new URL(request.url()).pathname));
    expect(api.length).toBeGreaterThan(10);
    for (const request of all) expect(request.url()).not.toContain(KEY_A);
    for (const request of api) expect(request.headers().authorization).toMatch(/^Bearer /);
    // Only this server was asked for anything (no CDN, no fonts): the page works with no outside network.
    for (const request of all) expect(new URL(request.url()).origin).toBe(ts.server.url);
  });
});
