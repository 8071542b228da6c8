// Issue 4's figures: the synthetic site of ../shared/bench/crawl crawled through scrapio-server's job API
// (markdown output) and by the Crawlee peer, alternating, in the same run; plus the recorded floors.
// The shared folder is read-only: it is copied to SCRAPIO_BENCH_CRAWL_DIR (default /tmp/scrapio-bench-crawl)
// and `npm ci` runs there once (Crawlee 3, puppeteer without its browser download).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, sampleTreeRss, startScrapio } from './lib.mjs';

const SHARED = process.env.SCRAPIO_SHARED_DIR ?? path.resolve(ROOT, '../shared');
const DIR = process.env.SCRAPIO_BENCH_CRAWL_DIR ?? '/tmp/scrapio-bench-crawl';

function prepare() {
  if (fs.existsSync(path.join(DIR, 'node_modules/crawlee'))) return;
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.cpSync(path.join(SHARED, 'bench/crawl'), DIR, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', DIR]);
  console.log(`installing the Crawlee peer in ${DIR} (once)...`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: DIR, stdio: 'inherit', env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' } });
}

function runNode(script, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => {
      const line = out.split('\n').reverse().find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) return reject(new Error(`${script} exited ${code}:\n${out.slice(-2000)}`));
      resolve(JSON.parse(line.slice('RESULT '.length)));
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchCrawl({ pages = 500, runs = 3, renderJs = false, peerMode = 'cheerio', peerPages = pages, concurrency = 8 } = {}) {
  prepare();
  const scrapio = await startScrapio({
    config: { limits: { crawl: { maxPages: 100000, maxDepth: 1000 }, rateLimit: { requestsPerMinute: 0 } } },
  });
  const ours = [];
  const peer = [];
  try {
    for (let run = 1; run <= runs; run += 1) {
      const sampler = sampleTreeRss(scrapio.child.pid, { pss: true });
      const args = ['--pages', String(pages), '--runs', '1', '--poll-ms', '100'];
      if (renderJs) args.push('--render-js');
      const result = await runNode('scrapio-crawl.mjs', args, { BASE_URL: scrapio.url, SCRAPIO_API_KEY: scrapio.key });
      const memory = sampler.stop();
      ours.push({ ...result, server_peak_rss_mb: Math.round(memory.peakRssBytes / 1e6), server_peak_pss_mb: Math.round(memory.peakPssBytes / 1e6) });
      peer.push(await runNode('peer-crawlee.mjs', ['--mode', peerMode, '--pages', String(peerPages), '--concurrency', String(concurrency), '--runs', '1']));
    }
  } finally {
    await scrapio.stop();
  }
  return { ours, peer, floors: JSON.parse(fs.readFileSync(path.join(DIR, 'results/floor.json'), 'utf8')) };
}

export function printCrawl({ ours, peer }, label) {
  const ourRate = median(ours.map((r) => r.pages_per_s));
  const peerRate = median(peer.map((r) => r.pages_per_s));
  console.log(`\n== crawl: ${label} (median of ${ours.length}, alternating) ==`);
  for (const r of ours) {
    console.log(`scrapio  ${r.pages_returned} pages  ${r.wall_s.toFixed(2)} s  ${r.pages_per_s.toFixed(1)} pages/s  server+children peak RSS ${r.server_peak_rss_mb} MB (PSS ${r.server_peak_pss_mb} MB)  own-token ${r.pages_with_own_token}/${r.pages_returned}  robots violations ${r.site?.robots_violations}  foreign CPU ${r.foreign_cpu_s?.toFixed?.(1)} s`);
  }
  for (const r of peer) {
    const chromium = r.chromium_peak_rss_mb ? `  + Chromium peak RSS ${r.chromium_peak_rss_mb} MB (PSS ${r.chromium_peak_pss_mb} MB)` : '';
    console.log(`crawlee  ${r.pages_crawled} pages  ${r.wall_s} s  ${r.pages_per_s} pages/s  node maxRSS ${r.node_max_rss_mb ?? '?'} MB${chromium}`);
  }
  console.log(`ratio scrapio/crawlee pages/s: ${(ourRate / peerRate).toFixed(2)} (${ourRate.toFixed(1)} vs ${peerRate.toFixed(1)})`);
}
