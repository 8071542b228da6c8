// Screenshots of each dashboard view, for the closing note: `npm run build && node bench/dashboard-screenshots.mjs DIR`.
// Starts the built server (dist/cli.js) and a small local site, drives the dashboard in Chromium as a user would,
// and writes one PNG per view into DIR. Nothing here is a test: the tests are test/integration/dashboard/.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { startScrapio } from './lib.mjs';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node bench/dashboard-screenshots.mjs OUTPUT_DIR');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

/** A site of a dozen linked articles, a 404, and pages that answer after a pause (so a crawl is seen running). */
async function startSite() {
  const article = (title, links) =>
    `<!doctype html><html><head><title>${title}</title></head><body><nav>${links.map((href) => `<a href="${href}">${href}</a>`).join(' ')}</nav>` +
    `<article><h1>${title}</h1><p>This is the page called ${title}. It talks at some length about crawling politely, about robots.txt and about sitemaps, so that Readability takes it for an article.</p><h2>Details</h2><ul><li>One point</li><li>Another point</li></ul></article></body></html>`;
  const slow = new Set(['/slow-1', '/slow-2', '/slow-3']);
  const pages = { '/': ['/guide', '/blog', '/about', '/missing', ...slow], '/guide': ['/guide/a', '/guide/b'], '/blog': ['/blog/1', '/blog/2'] };
  const server = http.createServer((req, res) => {
    const route = (req.url ?? '/').split('?')[0];
    if (route === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    if (route === '/missing') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    const answer = () => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article(route === '/' ? 'Home' : route.slice(1), pages[route] ?? ['/']));
    if (slow.has(route)) setTimeout(answer, 4000);
    else answer();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

const site = await startSite();
const scrapio = await startScrapio();
const browser = await puppeteer.launch({
  executablePath: fs.existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium',
  headless: true,
  pipe: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  defaultViewport: { width: 1280, height: 900 },
});
const written = [];
try {
  const page = await browser.newPage();
  const shot = async (name) => {
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    written.push(file);
  };
  const textIn = (selector, pattern) =>
    page.waitForFunction((sel, source) => new RegExp(source).test(document.querySelector(sel)?.innerText ?? ''), { timeout: 60000 }, selector, pattern.source);

  await page.goto(`${scrapio.url}/dashboard`);
  await page.type('#login-key', 'a-wrong-key');
  await page.click('#login-form button[type=submit]');
  await textIn('#login-error', /invalid_api_key/);
  await shot('1-login-wrong-key');

  await page.$eval('#login-key', (node) => (node.value = ''));
  await page.type('#login-key', scrapio.key);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#view-jobs:not([hidden])');

  // A few finished jobs for the list: a fetch with a screenshot, a map, a failed fetch.
  const submit = (kind, input) =>
    page.evaluate(
      (body) =>
        fetch('/v1/jobs', { method: 'POST', headers: { Authorization: 'Bearer ' + sessionStorage.getItem('scrapio.dashboard.apiKey'), 'Content-Type': 'application/json' }, body }).then((res) => res.json()),
      JSON.stringify({ kind, input }),
    );
  const fetchJob = await submit('fetch', { url: `${site.url}/guide`, output: ['markdown', 'screenshot'] });
  await submit('map', { seeds: [`${site.url}/`] });
  await submit('fetch', { url: 'http://127.0.0.1:9/' });

  await page.goto(`${scrapio.url}/dashboard#/try`);
  await page.waitForSelector('#view-try:not([hidden])');
  await page.select('#try-kind', 'crawl');
  await page.type('#try-target', `${site.url}/`);
  await page.$eval('#try-extra', (node) => {
    node.value = JSON.stringify({ max_pages: 12, max_depth: 2, output: ['markdown'] }, null, 2);
    node.dispatchEvent(new Event('input'));
  });
  await shot('2-try-it-crawl');
  await page.click('#try-form button[type=submit]');
  await page.waitForFunction(() => location.hash.startsWith('#/crawl/'));
  const crawlId = (await page.evaluate(() => location.hash)).slice('#/crawl/'.length);
  await page.waitForFunction(() => document.querySelectorAll('#crawl-pages li').length >= 4, { timeout: 60000 });
  await shot('3-live-crawl-running');
  await textIn('#crawl-status', /completed|partial|failed/);
  await shot('4-live-crawl-done');

  await page.goto(`${scrapio.url}/dashboard#/jobs/${crawlId}`);
  await page.waitForSelector('#result-pages tbody tr');
  await page.click('#result-pages tbody tr:first-child button.open-page');
  await page.waitForSelector('#page-markdown pre');
  await shot('5-job-detail-crawl-markdown');

  await page.goto(`${scrapio.url}/dashboard#/jobs/${fetchJob.job_id}`);
  await page.waitForSelector('#job-detail img.screenshot', { timeout: 60000 });
  await page.waitForFunction(() => [...document.querySelectorAll('img.screenshot')].every((img) => img.complete && img.naturalWidth > 0));
  await shot('6-job-detail-fetch-screenshot');

  await page.goto(`${scrapio.url}/dashboard#/jobs`);
  await page.waitForSelector('#jobs-table tbody tr');
  await shot('7-jobs-list');

  await page.goto(`${scrapio.url}/dashboard#/try`);
  await page.waitForSelector('#view-try:not([hidden])');
  await page.select('#try-kind', 'crawl'); // a crawl's seeds are checked at submission (a fetch fails when it runs)
  await page.$eval('#try-target', (node) => (node.value = ''));
  await page.type('#try-target', 'http://10.0.0.1/admin');
  await page.click('#try-form button[type=submit]');
  await textIn('#try-error', /url_not_allowed/);
  await shot('8-try-it-refused-url');

  await page.goto(`${scrapio.url}/dashboard#/health`);
  await textIn('#health-errors', /127\.0\.0\.1:9/);
  await shot('9-server-health');
} finally {
  await browser.close();
  await scrapio.stop();
  await site.close();
}
for (const file of written) console.log(file);
