import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOutputs } from '../../../src/extract/build-outputs';
import { ExtractionPool, type ExtractionPoolOptions } from '../../../src/extract/extraction-pool';
import type { OutputRequest } from '../../../src/extract/types';
import { ScrapioError } from '../../../src/errors';
import { compileExtractionWorker } from '../../helpers/compiled-worker';
import { binaryDocument, htmlDocument, readFixture } from '../../helpers/extract-documents';

describe('ExtractionPool', () => {
  const compiled = compileExtractionWorker();
  const pool = new ExtractionPool({ maxThreads: 2, workerFile: compiled.workerFile });
  const article = readFixture('article-page.html');
  const request: OutputRequest = { output: ['markdown', 'text', 'links', 'metadata'] };

  afterAll(async () => {
    await pool.close();
    compiled.remove();
  });

  it('builds on a worker thread exactly what buildOutputs builds in this thread', async () => {
    expect(await pool.run(htmlDocument(article), request)).toEqual(await buildOutputs(htmlDocument(article), request));
  });

  it('hands back the markdown and the page facts of a schema extraction from the worker thread', async () => {
    const schemaRequest: OutputRequest = { output: ['json'], extract: { mode: 'schema', schema: { headline: 'the headline' } } };
    const bundle = await pool.run(htmlDocument(article), schemaRequest);
    expect(bundle.structuredSource).toEqual((await buildOutputs(htmlDocument(article), schemaRequest)).structuredSource);
    expect(bundle.structuredSource?.facts.length).toBeGreaterThan(0);
    expect(bundle.outputs.json).toBeUndefined();
  });

  it('copies the body across and leaves the caller its Buffer', async () => {
    const document = htmlDocument(article);
    const before = Buffer.from(document.body);
    await pool.run(document, { output: ['html'] });
    expect(document.body.byteLength).toBe(before.byteLength);
    expect(document.body.equals(before)).toBe(true);
  });

  it('runs tasks in parallel', async () => {
    const pages = Array.from({ length: 6 }, (_, i) => htmlDocument(`<html><body><article><h1>Page ${i}</h1><p>Body of page ${i}.</p></article></body></html>`));
    const bundles = await Promise.all(pages.map((page) => pool.run(page, { output: ['markdown'] })));
    expect(bundles.map((bundle) => bundle.outputs.markdown)).toEqual(pages.map((_, i) => `## Page ${i}\n\nBody of page ${i}.`));
  });

  it('rejects with the ScrapioError the worker refused with', async () => {
    const failure = pool.run(binaryDocument(Buffer.from([0x89, 0x50]), 'image/png'), { output: ['markdown'] });
    await expect(failure).rejects.toThrow(ScrapioError);
    await expect(failure).rejects.toMatchObject({ code: 'extraction_failed', status: 422 });
  });

  it('refuses work once closed, and closes only once', async () => {
    const spare = new ExtractionPool({ maxThreads: 1, workerFile: compiled.workerFile });
    await spare.close();
    await spare.close();
    await expect(spare.run(htmlDocument(article), request)).rejects.toThrow('closed');
  });
});

/**
 * A stand-in worker that spins synchronously, as a costly parse or selector match does: only ending its thread
 * stops it. It logs each task's start and end to a file, so the tests see what ran, in which order.
 */
const SPINNING_WORKER = `
const { appendFileSync } = require('node:fs');
module.exports = async (task) => {
  const { label, spinMs, log } = JSON.parse(task.document.text);
  appendFileSync(log, label + '\\n');
  const end = Date.now() + spinMs;
  while (Date.now() < end) {}
  appendFileSync(log, label + ' done\\n');
  return { bundle: { outputs: { text: label }, failures: [] } };
};
`;

describe('ExtractionPool deadlines and turns (a spinning stand-in worker)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrapio-spinning-worker-'));
  const workerFile = join(dir, 'spinning-worker.js');
  writeFileSync(workerFile, SPINNING_WORKER);
  const log = join(dir, 'log.txt');
  const pools: ExtractionPool[] = [];
  const newPool = (options: ExtractionPoolOptions): ExtractionPool => {
    const pool = new ExtractionPool({ workerFile, ...options });
    pools.push(pool);
    return pool;
  };
  const task = (label: string, spinMs: number) => htmlDocument(JSON.stringify({ label, spinMs, log }));
  const logLines = (): string[] => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
  const started = async (label: string): Promise<void> => {
    for (const until = Date.now() + 10_000; !logLines().includes(label);) {
      if (Date.now() > until) throw new Error(`${label} never started`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const text: OutputRequest = { output: ['text'] };

  beforeEach(() => rmSync(log, { force: true }));
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('drops a cancelled job’s build that is still waiting: it never runs', async () => {
    const pool = newPool({ maxThreads: 1 });
    const first = pool.run(task('first', 1500), text, { tenant: 'a' });
    const cancel = new AbortController();
    const second = pool.run(task('second', 0), text, { tenant: 'a', signal: cancel.signal });
    await started('first');
    cancel.abort(new ScrapioError('cancelled', 'Job j2 was cancelled.'));
    await expect(second).rejects.toMatchObject({ code: 'cancelled', message: 'Job j2 was cancelled.' });
    await expect(first).resolves.toMatchObject({ outputs: { text: 'first' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logLines()).toEqual(['first', 'first done']);
  });

  it('ends the worker thread of a running build when the job’s signal fires, and serves the next build on a fresh one', async () => {
    const pool = newPool({ maxThreads: 1 });
    const timeout = new AbortController();
    const slow = pool.run(task('slow', 60_000), text, { tenant: 'a', signal: timeout.signal });
    await started('slow');
    const abortedAt = Date.now();
    timeout.abort(new ScrapioError('timeout', 'The job exceeded its time budget of 5000 ms (timeout_ms).', { timedOut: true }));
    await expect(slow).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - abortedAt).toBeLessThan(2000);
    await expect(pool.run(task('next', 0), text, { tenant: 'a' })).resolves.toMatchObject({ outputs: { text: 'next' } });
    expect(logLines()).not.toContain('slow done');
  });

  it('stops a build that overruns extraction.taskTimeoutMs with extraction_failed', async () => {
    // The budget counts from dispatch, worker start-up included: 3 s leaves a loaded machine room to start the thread.
    const pool = newPool({ maxThreads: 1, taskTimeoutMs: 3000 });
    const startedAt = Date.now();
    await expect(pool.run(task('endless', 60_000), text)).rejects.toMatchObject({
      code: 'extraction_failed',
      message: expect.stringContaining('extraction.taskTimeoutMs'),
    });
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    await expect(pool.run(task('after', 0), text)).resolves.toMatchObject({ outputs: { text: 'after' } });
  });

  it('takes waiting builds round-robin between tenants, and starts an idle tenant’s build while another’s hold every thread', async () => {
    const pool = newPool({ maxThreads: 1 });
    const builds = [
      pool.run(task('a1', 700), text, { tenant: 'a' }),
      pool.run(task('a2', 300), text, { tenant: 'a' }),
      pool.run(task('a3', 300), text, { tenant: 'a' }),
    ];
    await started('a1');
    builds.push(pool.run(task('b1', 300), text, { tenant: 'b' }), pool.run(task('b2', 300), text, { tenant: 'b' }));
    await Promise.all(builds);
    const lines = logLines();
    const starts = lines.filter((line) => !line.endsWith('done'));
    // b1 did not wait for tenant a's thread, and b2 did not wait for all of tenant a's backlog.
    expect(lines.indexOf('b1')).toBeLessThan(lines.indexOf('a1 done'));
    expect(starts.indexOf('b2')).toBeLessThan(starts.indexOf('a3'));
  });
});
