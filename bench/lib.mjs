// Shared helpers of the benchmarks: a static fixture server, the server under test as a child process,
// percentiles, and a /proc sampler of a process tree's peak RSS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const ms = (value) => `${value.toFixed(1)} ms`;

export async function startStaticServer(routes) {
  const server = http.createServer((req, res) => {
    const body = routes[(req.url ?? '/').split('?')[0]];
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

/**
 * Starts dist/cli.js with a fresh data dir; resolves { url, key, child, stop }. With `stdout: 'pipe'` the JSON
 * logs go into a pipe that this process drains, as under a log shipper, instead of to /dev/null. Debug knobs:
 * BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") and BENCH_SERVER_STDERR=1 (echo the server's stderr).
 */
export async function startScrapio({ env = {}, config, stdout = 'ignore' } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrapio-bench-'));
  const key = 'bench-key-0123456789';
  const args = [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), path.join(ROOT, 'dist/cli.js'), '--port', '0', '--data-dir', dataDir];
  if (config) {
    const file = path.join(dataDir, 'bench.config.json');
    fs.writeFileSync(file, JSON.stringify(config));
    args.push('--config', file);
  }
  const child = spawn(process.execPath, args, {
    env: { ...process.env, SCRAPIO_API_KEYS: key, SCRAPIO_ALLOW_HOSTS: '127.0.0.1', SCRAPIO_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
  child.stdout?.resume();
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (process.env.BENCH_SERVER_STDERR) process.stderr.write(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`scrapio-server exited ${code}: ${stderr}`)));
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, key, child, stop, dataDir };
}

export function api(base, key) {
  return async (method, route, body, headers = {}) => {
    const res = await fetch(`${base}${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
}

function childrenOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function rssBytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Proportional set size: shared pages split between the processes sharing them (Chromium shares a lot). */
function pssBytes(pid) {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples the summed RSS of a process and all its descendants every 250 ms (and their PSS, with `pss`, every
 * second: reading smaps is not free); stop() returns the peaks and the process count.
 */
export function sampleTreeRss(rootPid, { pss = false } = {}) {
  let peak = 0;
  let peakPss = 0;
  let ticks = 0;
  let peakProcesses = 0;
  const tick = () => {
    const pids = [];
    const queue = [rootPid];
    while (queue.length > 0) {
      const pid = queue.shift();
      pids.push(pid);
      queue.push(...childrenOf(pid));
    }
    const total = pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
    if (total > peak) {
      peak = total;
      peakProcesses = pids.length;
    }
    if (pss && ticks++ % 4 === 0) peakPss = Math.max(peakPss, pids.reduce((sum, pid) => sum + pssBytes(pid), 0));
  };
  tick();
  const timer = setInterval(tick, 250);
  return { stop: () => (clearInterval(timer), tick(), { peakRssBytes: peak, peakPssBytes: peakPss, processes: peakProcesses }) };
}
