// Issue 3's figures, through the HTTP API: rendered fetch latency with a warm browser against bare Puppeteer
// (goto + content() on a warm tab, same Chromium, same page), 200 rendered fetches at concurrency 4 and 8
// with the peak RSS of the server and its Chromium, and a 500-job soak (fetch and interact, some failing)
// that compares Chromium process count and RSS after the first 50 jobs and at the end.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { api, ms, percentile, ROOT, sampleTreeRss, startScrapio, startStaticServer } from './lib.mjs';

const require = createRequire(import.meta.url);

function articlePage() {
  const paragraphs = Array.from({ length: 120 }, (_, i) => `<p>Paragraph ${i}: ${'lorem ipsum dolor sit amet '.repeat(10)}</p>`);
  return `<!doctype html><html><head><title>Bench article</title></head><body><article><h1>Bench article</h1>${paragraphs.join('')}</article>
    <form><select id="s"><option value="a">A</option><option value="b">B</option></select><button id="b" type="button" onclick="document.title='clicked'">Go</button></form></body></html>`;
}

/** Chromium processes under `pid` (the server), and their summed RSS. */
function chromiumUnder(pid) {
  const all = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const parentOf = new Map();
  const commOf = new Map();
  for (const p of all) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      parentOf.set(Number(p), Number(stat.slice(close + 2).split(' ')[1]));
      commOf.set(Number(p), stat.slice(stat.indexOf('(') + 1, close));
    } catch {}
  }
  const under = (p) => {
    for (let cur = parentOf.get(p); cur; cur = parentOf.get(cur)) if (cur === pid) return true;
    return false;
  };
  const procs = [...commOf.keys()].filter((p) => under(p) && /chrom/i.test(commOf.get(p)));
  let rss = 0;
  for (const p of procs) {
    try {
      rss += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {}
  }
  return { count: procs.length, rss };
}

function serverRss(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

async function bareWarmTab(url, runs) {
  const puppeteer = require('puppeteer-core');
  const { locateChromium } = require(path.join(ROOT, 'dist/engine/browser/chromium-locator.js'));
  const browser = await puppeteer.launch({
    executablePath: locateChromium({}),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    const once = async () => {
      await page.goto(url, { waitUntil: 'load' });
      await page.content();
    };
    for (let i = 0; i < 5; i += 1) await once();
    const samples = [];
    for (let i = 0; i < runs; i += 1) {
      const start = performance.now();
      await once();
      samples.push(performance.now() - start);
    }
    const context = await browser.createBrowserContext();
    const fresh = [];
    for (let i = 0; i < runs; i += 1) {
      const start = performance.now();
      const tab = await context.newPage();
      await tab.goto(url, { waitUntil: 'load' });
      await tab.content();
      await tab.close();
      fresh.push(performance.now() - start);
    }
    return { reusedTab: samples, newTab: fresh };
  } finally {
    await browser.close();
  }
}

async function runConcurrently(total, concurrency, task) {
  let next = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const index = next;
      next += 1;
      await task(index);
    }
  });
  await Promise.all(lanes);
}

export async function benchBrowser({ runs = 40 } = {}) {
  const site = await startStaticServer({ '/page': articlePage() });
  const url = `${site.url}/page`;
  const out = {};
  const bare = await bareWarmTab(url, runs);
  out.bare = { reused_tab: summary(bare.reusedTab), new_tab: summary(bare.newTab) };
  console.log('bare puppeteer', JSON.stringify(out.bare));

  for (const concurrency of [4, 8]) {
    const scrapio = await startScrapio({ config: { browser: { maxConcurrentPages: concurrency }, limits: { rateLimit: { requestsPerMinute: 0 } }, workers: { concurrency: 16 } } });
    const call = api(scrapio.url, scrapio.key);
    try {
      for (let i = 0; i < 5; i += 1) await call('POST', '/v1/fetch', { url, render_js: true, output: ['markdown'] });
      if (concurrency === 4) {
        const latencies = [];
        for (let i = 0; i < runs; i += 1) {
          const start = performance.now();
          const res = await call('POST', '/v1/fetch', { url, render_js: true, output: ['html'] });
          if (res.status !== 200) throw new Error(`render answered ${res.status} ${JSON.stringify(res.body)}`);
          latencies.push(performance.now() - start);
        }
        out.inline_render_html = summary(latencies);
        console.log('inline render', JSON.stringify(out.inline_render_html));
      }
      const sampler = sampleTreeRss(scrapio.child.pid);
      const start = performance.now();
      let failed = 0;
      await runConcurrently(200, concurrency, async () => {
        const res = await call('POST', '/v1/fetch', { url, render_js: true, output: ['markdown'] });
        if (res.status !== 200) failed += 1;
      });
      const seconds = (performance.now() - start) / 1000;
      const peak = sampler.stop();
      out[`throughput_c${concurrency}`] = { pages_per_s: 200 / seconds, seconds, failed, peak_rss_mb: Math.round(peak.peakRssBytes / 1e6), processes: peak.processes };
      console.log(`throughput c${concurrency}`, JSON.stringify(out[`throughput_c${concurrency}`]));
      if (concurrency === 8) out.soak = await soak(call, scrapio.child.pid, url, site.url);
    } finally {
      await scrapio.stop();
    }
  }
  await site.close();
  return out;
}

/** 500 jobs: fetch and interact, one in five failing (a missing selector, a refused address, a 404). */
async function soak(call, pid, url, base) {
  const kinds = [
    () => call('POST', '/v1/fetch', { url, render_js: true, output: ['markdown'] }),
    () => call('POST', '/v1/interact', { url, actions: [{ type: 'select', selector: '#s', value: 'b' }, { type: 'click', selector: '#b' }], output: ['html'] }),
    () => call('POST', '/v1/fetch', { url, render_js: true, output: ['screenshot'] }),
    () => call('POST', '/v1/interact', { url, actions: [{ type: 'click', selector: '#missing' }], timeout_ms: 1500 }),
    () => call('POST', '/v1/fetch', { url: `${base}/nope`, render_js: true }),
  ];
  let after50;
  let done = 0;
  const statuses = {};
  // Four clients at a time, as a small deployment would see; the first 50 completions are the baseline.
  await runConcurrently(500, 4, async (i) => {
    const res = await kinds[i % kinds.length]();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    done += 1;
    if (done === 50) after50 = { ...chromiumUnder(pid), server_rss: serverRss(pid) };
  });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const end = { ...chromiumUnder(pid), server_rss: serverRss(pid) };
  return { after50, end, statuses };
}

function summary(samples) {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

export function printBrowser(r) {
  console.log('\n== browser: rendered fetch of a local ~40 KB page ==');
  console.log(`bare puppeteer, warm, reused tab (goto+content)   p50 ${ms(r.bare.reused_tab.p50)}  p95 ${ms(r.bare.reused_tab.p95)}`);
  console.log(`bare puppeteer, warm, new tab per page            p50 ${ms(r.bare.new_tab.p50)}  p95 ${ms(r.bare.new_tab.p95)}`);
  console.log(`scrapio inline /v1/fetch render_js (html), warm   p50 ${ms(r.inline_render_html.p50)}  p95 ${ms(r.inline_render_html.p95)}`);
  for (const c of [4, 8]) {
    const t = r[`throughput_c${c}`];
    console.log(`200 rendered fetches (markdown) at concurrency ${c}: ${t.pages_per_s.toFixed(1)} pages/s (${t.seconds.toFixed(1)} s, ${t.failed} failed), peak RSS server+Chromium ${t.peak_rss_mb} MB in ${t.processes} processes`);
  }
  const s = r.soak;
  const mb = (bytes) => `${Math.round(bytes / 1e6)} MB`;
  console.log(`soak, 500 jobs (fetch/interact/screenshot, 2 of 5 kinds failing): statuses ${JSON.stringify(s.statuses)}`);
  console.log(`  after 50 jobs: ${s.after50.count} Chromium processes, ${mb(s.after50.rss)} Chromium RSS, server ${mb(s.after50.server_rss)}`);
  console.log(`  after 500 jobs: ${s.end.count} Chromium processes, ${mb(s.end.rss)} Chromium RSS, server ${mb(s.end.server_rss)}`);
}
