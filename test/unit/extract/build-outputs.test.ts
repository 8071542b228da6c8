import { buildOutputs } from '../../../src/extract/build-outputs';
import * as markdown from '../../../src/extract/outputs/markdown';
import * as links from '../../../src/extract/outputs/links';
import type { OutputRequest } from '../../../src/extract/types';
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
