import { buildOutputs } from '../../../src/extract/build-outputs';
import { ExtractionPool } from '../../../src/extract/extraction-pool';
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
