import { buildOutputs } from '../../../src/extract/build-outputs';
import * as markdown from '../../../src/extract/outputs/markdown';
import * as links from '../../../src/extract/outputs/links';
import type { OutputRequest } from '../../../src/extract/types';
import { ScrapioError } from '../../../src/errors';
import { htmlDocument, readFixture } from '../../helpers/extract-documents';

const article = readFixture('article-page.html');

describe('buildOutputs', () => {
  afterEach(() => jest.restoreAllMocks());

  it('builds exactly the requested outputs; html is the page as fetched', async () => {
    const { outputs, failures } = await buildOutputs(htmlDocument(article), { output: ['html', 'links'] });
    expect(Object.keys(outputs).sort()).toEqual(['html', 'links']);
    expect(outputs.html).toBe(article);
    expect(failures).toEqual([]);
  });

  it('is deterministic: the same document gives the same bytes', async () => {
    const request: OutputRequest = { output: ['markdown', 'text', 'links', 'metadata', 'json'] };
    const first = await buildOutputs(htmlDocument(article), request);
    const second = await buildOutputs(htmlDocument(article), request);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('turns an unexpected error in one output into an extraction_failed failure and builds the others', async () => {
    jest.spyOn(markdown, 'htmlToMarkdown').mockImplementation(() => {
      throw new Error('turndown exploded');
    });
    const { outputs, failures } = await buildOutputs(htmlDocument(article), { output: ['markdown', 'text', 'links'] });
    expect(outputs.markdown).toBeUndefined();
    expect(outputs.text).toContain('weathering steel');
    expect(outputs.links).toContain('https://valley.example/docs/bridge-report.pdf');
    expect(failures).toEqual([{ output: 'markdown', code: 'extraction_failed', message: 'could not build markdown: turndown exploded' }]);
  });

  it('reports a failed step only for the outputs that were requested', async () => {
    jest.spyOn(links, 'documentLinks').mockImplementation(() => {
      throw new Error('bad anchor');
    });
    const { outputs, failures } = await buildOutputs(htmlDocument(article), { output: ['links', 'html'] });
    expect(outputs).toEqual({ html: article });
    expect(failures).toEqual([{ output: 'links', code: 'extraction_failed', message: 'could not build links: bad anchor' }]);
  });
});

describe('buildOutputs limits and signal', () => {
  const links = (count: number) => `<html><body>${Array.from({ length: count }, (_, i) => `<a href="/page/${i}">Link ${i}</a>`).join('\n')}</body></html>`;

  it('refuses a page over extraction.maxElements before parsing it, with extraction_failed', async () => {
    const started = Date.now();
    const build = buildOutputs(htmlDocument(links(100_000)), { output: ['text'] }, { limits: { maxElements: 50_000 } });
    await expect(build).rejects.toMatchObject({
      code: 'extraction_failed',
      message: 'The page has about 100,002 elements; this server extracts pages of at most 50,000 (extraction.maxElements).',
    });
    // Readability alone took about 40 s on this page; the refusal is a regex pass (a generous bound for a loaded machine).
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('builds a page within the limit, and html (which needs no parse) over it', async () => {
    const page = htmlDocument(links(100));
    expect((await buildOutputs(page, { output: ['text'] }, { limits: { maxElements: 200 } })).outputs.text).toContain('Link 99');
    expect((await buildOutputs(page, { output: ['html'] }, { limits: { maxElements: 10 } })).outputs.html).toContain('Link 99');
  });

  it('stops with the signal’s reason when the job was already cancelled or out of time', async () => {
    const controller = new AbortController();
    controller.abort(new ScrapioError('timeout', 'The job exceeded its time budget of 5000 ms (timeout_ms).'));
    await expect(buildOutputs(htmlDocument(article), { output: ['markdown'] }, { signal: controller.signal })).rejects.toMatchObject({ code: 'timeout' });
  });
});
