// Rendered fetch latency: the engine (BrowserPool + renderPage, warm) against bare Puppeteer on the same page
// and the same Chromium. Needs dist/ (`npm run build`). `node bench/browser-render.mjs [--runs 40] [--throughput]`
// --throughput adds 200 renders at concurrency 4 and 8 with the peak RSS of this process and its Chromium.
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ms, percentile, ROOT, sampleTreeRss, startStaticServer } from './lib.mjs';

const require = createRequire(import.meta.url);
const { BrowserPool } = require(path.join(ROOT, 'dist/engine/browser/browser-pool.js'));
const { renderPage } = require(path.join(ROOT, 'dist/engine/browser/browser-render.js'));
const { NetworkPolicy } = require(path.join(ROOT, 'dist/engine/network/network-policy.js'));
const { locateChromium } = require(path.join(ROOT, 'dist/engine/browser/chromium-locator.js'));
const puppeteer = require('puppeteer-core');

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '40' }, throughput: { type: 'boolean', default: false } } });
const RUNS = Number(args.runs);
const WARMUP = 5;

/** A ~40 KB static article, like the crawl benchmark's pages. */
function articlePage() {
  const paragraphs = Array.from({ length: 120 }, (_, i) => `<p>Paragraph ${i}: ${'lorem ipsum dolor sit amet '.repeat(10)}</p>`);
  return `<!doctype html><html><head><title>Bench article</title><style>body{font:16px sans-serif}</style></head>
    <body><header><nav><a href="/">Home</a></nav></header><article><h1>Bench article</h1>${paragraphs.join('')}</article></body></html>`;
}

async function timed(runs, once) {
  for (let i = 0; i < WARMUP; i += 1) await once(i);
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const own = await once(i);
    // A run may time itself (to leave out a pause before the request): it returns a number then.
    samples.push(typeof own === 'number' ? own : performance.now() - started);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

const site = await startStaticServer({ '/article': articlePage() });
const url = `${site.url}/article`;
const policy = new NetworkPolicy({ allow: ['127.0.0.1'] });
const results = [];

const idle = () => new Promise((resolve) => setTimeout(resolve, 500));

for (const keepSparePage of [true, false]) {
  const pool = new BrowserPool({ maxConcurrentPages: 4, retireAfterPages: 10_000, policy, keepSparePage });
  results.push([`renderPage, warm pool, spare page ${keepSparePage ? 'on' : 'off'}`, await timed(RUNS, () => renderPage(pool, { url, timeoutMs: 30_000 }))]);
  // Requests that do not arrive back to back (an API's usual traffic): the spare is ready when one comes.
  results.push([
    `renderPage, 500 ms between requests, spare ${keepSparePage ? 'on' : 'off'}`,
    await timed(RUNS, async () => {
      await idle();
      const started = performance.now();
      await renderPage(pool, { url, timeoutMs: 30_000 });
      return performance.now() - started;
    }),
  ]);
  // The same pool work without renderPage's settle wait: what the wait for late content costs.
  results.push([
    `pool.withPage goto+content (no settle), spare ${keepSparePage ? 'on' : 'off'}`,
    await timed(RUNS, async () => {
      await pool.withPage({}, async (page) => (await page.goto(url, { waitUntil: 'load', timeout: 30_000 }), page.content()));
    }),
  ]);
  await pool.close();
}

// Bare Puppeteer: same binary, no proxy, no interception, no settle.
const browser = await puppeteer.launch({
  executablePath: locateChromium(),
  headless: true,
  pipe: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
results.push([
  'bare puppeteer: new context + tab, goto+content',
  await timed(RUNS, async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.content();
    await context.close();
  }),
]);
results.push([
  'bare puppeteer: new tab, goto+content',
  await timed(RUNS, async () => {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.content();
    await page.close();
  }),
]);
const reused = await browser.newPage();
results.push([
  'bare puppeteer: same tab, goto+content',
  await timed(RUNS, async (i) => {
    await reused.goto(`${url}?${i}`, { waitUntil: 'load' });
    await reused.content();
  }),
]);
await browser.close();

console.log(`\nRendered fetch of a ${Math.round(articlePage().length / 1024)} KB page, ${RUNS} runs after ${WARMUP} warm-up runs`);
for (const [label, { p50, p95 }] of results) console.log(`  ${label.padEnd(58)} p50 ${ms(p50).padStart(10)}  p95 ${ms(p95).padStart(10)}`);

if (args.throughput) {
  console.log('\nThroughput: 200 renderPage calls');
  for (const concurrency of [4, 8]) {
    const pool = new BrowserPool({ maxConcurrentPages: concurrency, retireAfterPages: 10_000, policy });
    await renderPage(pool, { url, timeoutMs: 30_000 });
    const sampler = sampleTreeRss(process.pid);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < 200) {
          next += 1;
          await renderPage(pool, { url: `${url}?${next}`, timeoutMs: 30_000 });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const { peakRssBytes, processes } = sampler.stop();
    await pool.close();
    console.log(
      `  concurrency ${concurrency}: ${(200 / seconds).toFixed(1)} pages/s (${seconds.toFixed(1)} s), peak RSS node+Chromium ${(peakRssBytes / 2 ** 20).toFixed(0)} MB over ${processes} processes`,
    );
  }
}
await site.close();
