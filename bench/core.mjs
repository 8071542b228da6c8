// Issue 2's figures: inline fetch latency against a raw fetch() of the same local page, and how many small
// fetch jobs per second the server accepts and completes.
import { api, ms, percentile, startScrapio, startStaticServer } from './lib.mjs';

const PAGE = `<!doctype html><html><head><title>Bench page</title></head><body><article><h1>Bench page</h1>${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p>'.repeat(20)}</article></body></html>`;

export async function benchCore({ inlineRequests = 200, jobs = 1000 } = {}) {
  const site = await startStaticServer({ '/page': PAGE });
  const scrapio = await startScrapio({ config: { limits: { rateLimit: { requestsPerMinute: 0 }, queue: { maxQueuedJobs: 100000 } }, workers: { concurrency: 16 } } });
  const call = api(scrapio.url, scrapio.key);
  try {
    // Warm both paths first (connection pools, JIT).
    for (let i = 0; i < 20; i += 1) {
      await fetch(`${site.url}/page`).then((res) => res.text());
      await call('POST', '/v1/fetch', { url: `${site.url}/page`, output: ['html'] });
    }
    const raw = [];
    const inline = [];
    const inlineMarkdown = [];
    for (let i = 0; i < inlineRequests; i += 1) {
      let start = performance.now();
      await fetch(`${site.url}/page`).then((res) => res.text());
      raw.push(performance.now() - start);
      start = performance.now();
      const res = await call('POST', '/v1/fetch', { url: `${site.url}/page`, output: ['html'] });
      inline.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`inline fetch answered ${res.status}`);
      start = performance.now();
      await call('POST', '/v1/fetch', { url: `${site.url}/page`, output: ['markdown'] });
      inlineMarkdown.push(performance.now() - start);
    }

    // 1,000 jobs: submitted as fast as 16 concurrent clients can, then waited for through the list endpoint.
    const started = performance.now();
    const ids = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < jobs) {
          next += 1;
          const res = await call('POST', '/v1/jobs', { kind: 'fetch', input: { url: `${site.url}/page`, output: ['markdown'] } });
          if (res.status !== 202) throw new Error(`submit answered ${res.status}: ${JSON.stringify(res.body)}`);
          ids.push(res.body.job_id);
        }
      }),
    );
    const submitted = performance.now() - started;
    // /metrics counts jobs by status: wait until none is queued or running.
    for (;;) {
      const metrics = await fetch(`${scrapio.url}/metrics`).then((res) => res.text());
      const count = (status) => Number(new RegExp(`scrapio_jobs\\{status="${status}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
      if (count('queued') + count('running') === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const completed = performance.now() - started;
    let failed = 0;
    for (const id of ids.slice(0, 50)) if ((await call('GET', `/v1/jobs/${id}`)).body.status !== 'completed') failed += 1;
    return {
      raw_fetch: { p50: percentile(raw, 50), p95: percentile(raw, 95) },
      inline_fetch_html: { p50: percentile(inline, 50), p95: percentile(inline, 95) },
      inline_fetch_markdown: { p50: percentile(inlineMarkdown, 50), p95: percentile(inlineMarkdown, 95) },
      jobs: { count: jobs, submit_s: submitted / 1000, submit_per_s: jobs / (submitted / 1000), total_s: completed / 1000, completed_per_s: jobs / (completed / 1000), failed_in_sample: failed },
    };
  } finally {
    await scrapio.stop();
    await site.close();
  }
}

export function printCore(result) {
  console.log('\n== core: inline fetch vs raw fetch (local 2.5 KB page, sequential) ==');
  console.log(`raw fetch()            p50 ${ms(result.raw_fetch.p50)}  p95 ${ms(result.raw_fetch.p95)}`);
  console.log(`inline /v1/fetch html  p50 ${ms(result.inline_fetch_html.p50)}  p95 ${ms(result.inline_fetch_html.p95)}`);
  console.log(`inline /v1/fetch md    p50 ${ms(result.inline_fetch_markdown.p50)}  p95 ${ms(result.inline_fetch_markdown.p95)}`);
  const jobs = result.jobs;
  console.log(`\n== core: ${jobs.count} fetch jobs (markdown) ==`);
  console.log(`submitted in ${jobs.submit_s.toFixed(2)} s (${jobs.submit_per_s.toFixed(0)}/s); all completed in ${jobs.total_s.toFixed(2)} s (${jobs.completed_per_s.toFixed(0)} jobs/s); failed in a sample of 50: ${jobs.failed_in_sample}`);
}
