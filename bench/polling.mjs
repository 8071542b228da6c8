// Issue 17 item 12: many clients polling GET /v1/jobs/{id} over keep-alive while fetch jobs run. The figure
// that matters is how many polls got no answer at all (error or no response within 10 s); req/s is context.
// The same load is run against a bare Express app serving a similar route, in the same run, as the baseline.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ROOT, api, startScrapio, startStaticServer } from './lib.mjs';

const PAGE = `<!doctype html><html><head><title>Poll page</title></head><body><article><h1>Poll page</h1>${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p>'.repeat(40)}</article></body></html>`;
const ANSWER_WITHIN_MS = 10_000;

/**
 * `connections` loops, each on its own keep-alive socket, sending GET requests back to back for `durationMs`.
 * A request counts as answered when a full response (any status) arrives within 10 s, else as unanswered,
 * with the reason (timeout, ECONNRESET, ...) tallied.
 */
export async function pollLoad({ base, paths, headers = {}, connections, durationMs }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const result = { answered: 0, unanswered: 0, reasons: {}, statuses: {} };
  const endAt = performance.now() + durationMs;
  let next = 0;
  const once = (route) =>
    new Promise((resolve) => {
      const req = http.get(`${base}${route}`, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode }));
        res.on('error', (error) => resolve({ reason: error.code ?? error.message }));
      });
      req.setTimeout(ANSWER_WITHIN_MS, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', (error) => resolve({ reason: error.code ?? error.message }));
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < endAt) {
        const outcome = await once(paths()[next++ % paths().length]);
        if (outcome.status !== undefined) {
          result.answered += 1;
          result.statuses[outcome.status] = (result.statuses[outcome.status] ?? 0) + 1;
        } else {
          result.unanswered += 1;
          result.reasons[outcome.reason] = (result.reasons[outcome.reason] ?? 0) + 1;
        }
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  result.perSecond = (result.answered + result.unanswered) / result.seconds;
  agent.destroy();
  return result;
}

/** Keeps `inFlight` fetch jobs queued or running: each slot submits one, waits until it ends, and submits the next. */
function keepJobsRunning({ call, siteUrl, inFlight }) {
  const active = new Set();
  let stopped = false;
  let submitted = 0;
  const errors = {};
  // The feeder's own requests can fail too: tallied (as feederErrors), never fatal, so the poll figures survive.
  const tolerant = async (...args) => {
    for (;;) {
      try {
        return await call(...args);
      } catch (error) {
        const reason = error.cause?.code ?? error.message;
        errors[reason] = (errors[reason] ?? 0) + 1;
      }
    }
  };
  const slot = async () => {
    while (!stopped) {
      const res = await tolerant('POST', '/v1/jobs', { kind: 'fetch', input: { url: `${siteUrl}/page`, output: ['markdown', 'links'] } });
      if (res.status !== 202) throw new Error(`submit answered ${res.status}: ${JSON.stringify(res.body)}`);
      submitted += 1;
      const id = res.body.job_id;
      active.add(id);
      for (;;) {
        const job = await tolerant('GET', `/v1/jobs/${id}`);
        if (['completed', 'failed', 'partial', 'cancelled'].includes(job.body.status)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (active.size > inFlight) active.delete(id);
    }
  };
  const slots = Array.from({ length: inFlight }, slot);
  return { ids: () => [...active], submitted: () => submitted, errors: () => errors, stop: async () => ((stopped = true), await Promise.all(slots)) };
}

async function startBareExpress() {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench/bare-express.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`bare express exited ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
}

export async function benchPolling({ connections = 200, durationMs = 10_000, jobsInFlight = 100 } = {}) {
  const site = await startStaticServer({ '/page': PAGE });
  // Logs at info, as a deployment runs them, into a pipe that this process drains (as a log shipper would).
  const scrapio = await startScrapio({
    env: { SCRAPIO_LOG_LEVEL: 'info' },
    config: { limits: { rateLimit: { requestsPerMinute: 0 }, queue: { maxQueuedJobs: 100000 } } },
    stdout: process.env.BENCH_STDOUT ?? 'pipe',
  });
  const call = api(scrapio.url, scrapio.key);
  const results = {};
  try {
    const feeder = keepJobsRunning({ call, siteUrl: site.url, inFlight: jobsInFlight });
    while (feeder.ids().length < Math.min(jobsInFlight, 20)) await new Promise((resolve) => setTimeout(resolve, 50));
    const loopDelay = monitorEventLoopDelay();
    loopDelay.enable();
    results.scrapio = await pollLoad({
      base: scrapio.url,
      paths: () => feeder.ids().map((id) => `/v1/jobs/${id}`),
      headers: { authorization: `Bearer ${scrapio.key}` },
      connections,
      durationMs,
    });
    loopDelay.disable();
    results.scrapio.loadGeneratorLoopDelayMaxMs = loopDelay.max / 1e6;
    await feeder.stop();
    results.scrapio.jobsSubmitted = feeder.submitted();
    results.scrapio.feederErrors = feeder.errors();
  } finally {
    await scrapio.stop();
  }
  const bare = await startBareExpress();
  try {
    const ids = Array.from({ length: jobsInFlight }, (_, i) => `job-${i}`);
    results.express = await pollLoad({ base: bare.url, paths: () => ids.map((id) => `/v1/jobs/${id}`), connections, durationMs });
  } finally {
    await bare.stop();
    await site.close();
  }
  return { connections, durationMs, jobsInFlight, ...results };
}

export function printPolling(result) {
  console.log(`\n== polling: ${result.connections} keep-alive connections polling GET /v1/jobs/{id} for ${result.durationMs / 1000} s ==`);
  for (const [name, row] of [
    [`scrapio-server (${result.jobsInFlight} fetch jobs in flight, ${result.scrapio.jobsSubmitted} submitted)`, result.scrapio],
    ['bare Express, same route shape', result.express],
  ]) {
    console.log(
      `${name}\n  answered ${row.answered}  unanswered ${row.unanswered} ${JSON.stringify(row.reasons)}  ${row.perSecond.toFixed(0)} req/s  statuses ${JSON.stringify(row.statuses)}`,
    );
    if (row.feederErrors) console.log(`  job feeder's own failed requests: ${JSON.stringify(row.feederErrors)}`);
  }
}
