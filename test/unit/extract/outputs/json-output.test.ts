import { buildOutputs } from '../../../../src/extract/build-outputs';
import { htmlDocument, PAGE_URL, readFixture } from '../../../helpers/extract-documents';

const article = readFixture('article-page.html');

describe('json output', () => {
  it('fills selector fields as text, html and attribute values', async () => {
    const { outputs, failures } = await buildOutputs(htmlDocument(article), {
      output: ['json'],
      extract: {
        mode: 'selectors',
        fields: {
          headline: { selector: 'article h1', type: 'text' },
          caption: { selector: 'figcaption', type: 'html' },
          report: { selector: 'a[href$=".pdf"]', type: 'attr', attribute: 'href' },
        },
      },
    });
    expect(failures).toEqual([]);
    expect(outputs.json).toEqual({
      headline: 'Building a Bridge Over the River Wye',
      caption: 'The bridge on its first morning.',
      report: '/docs/bridge-report.pdf',
    });
  });

  it('reads the page as fetched, before the main-content step cleans it', async () => {
    const { outputs } = await buildOutputs(htmlDocument(article), {
      output: ['markdown', 'json'],
      extract: { mode: 'selectors', fields: { nav: { selector: 'nav a', type: 'text' } } },
    });
    expect(outputs.json).toEqual({ nav: 'News' });
  });

  it('can read scripts, such as embedded page data', async () => {
    const page = '<html><body><script id="__NEXT_DATA__" type="application/json">{"props":{"price":12}}</script><p>x</p></body></html>';
    const { outputs } = await buildOutputs(htmlDocument(page), {
      output: ['json', 'markdown'],
      extract: { mode: 'selectors', fields: { data: { selector: 'script#__NEXT_DATA__', type: 'text' } } },
    });
    expect(outputs.json).toEqual({ data: '{"props":{"price":12}}' });
    expect(outputs.markdown).toBe('x');
  });

  it('gives null and a selector_not_found failure for a selector that matches nothing', async () => {
    const { outputs, failures } = await buildOutputs(htmlDocument(article), {
      output: ['json'],
      extract: { mode: 'selectors', fields: { price: { selector: '.price', type: 'text' }, h1: { selector: 'h1', type: 'text' } } },
    });
    expect(outputs.json).toEqual({ price: null, h1: 'Building a Bridge Over the River Wye' });
    expect(failures).toEqual([{ output: 'json', code: 'selector_not_found', message: expect.stringMatching(/price.*"\.price"/) }]);
  });

  it('gives null and an invalid_selector failure for an invalid CSS selector, without throwing', async () => {
    const { outputs, failures } = await buildOutputs(htmlDocument(article), {
      output: ['json'],
      extract: { mode: 'selectors', fields: { broken: { selector: 'div[[', type: 'text' } } },
    });
    expect(outputs.json).toEqual({ broken: null });
    expect(failures).toEqual([{ output: 'json', code: 'invalid_selector', message: expect.stringMatching(/broken.*"div\[\["/) }]);
  });

  it('reports a missing attribute and an attr field without attribute', async () => {
    const { outputs, failures } = await buildOutputs(htmlDocument(article), {
      output: ['json'],
      extract: {
        mode: 'selectors',
        fields: { alt: { selector: 'h1', type: 'attr', attribute: 'data-x' }, nameless: { selector: 'h1', type: 'attr' } },
      },
    });
    expect(outputs.json).toEqual({ alt: null, nameless: null });
    expect(failures.map((failure) => failure.code)).toEqual(['attribute_not_found', 'invalid_field']);
  });

  it('gives the page object in page mode, and for json without extract', async () => {
    for (const extract of [{ mode: 'page' as const }, undefined]) {
      const { outputs } = await buildOutputs(htmlDocument(article), { output: ['json'], extract });
      expect(outputs.json).toEqual({
        title: 'Building a Bridge Over the River Wye | The Valley Post',
        description: 'How a small town paid for, designed and built its own footbridge.',
        markdown: expect.stringContaining('# Building a Bridge Over the River Wye\n\nFor thirty years'),
        language: 'en-GB',
        url: PAGE_URL,
      });
      expect(outputs.markdown).toBeUndefined();
    }
  });

  it.each([
    ['schema', { mode: 'schema' as const, schema: { price: 'number' } }],
    ['instruction', { mode: 'instruction' as const, instruction: 'Find the price' }],
  ])('builds the markdown for extract mode "%s" as structuredSource, not outputs.json (the main thread builds that)', async (mode, extract) => {
    const { outputs, failures, structuredSource } = await buildOutputs(htmlDocument(article), { output: ['json'], extract });
    expect(outputs.json).toBeUndefined();
    expect(failures).toEqual([]);
    expect(structuredSource).toMatchObject({ url: PAGE_URL, title: 'Building a Bridge Over the River Wye | The Valley Post' });
    expect(structuredSource?.markdown).toContain('# Building a Bridge Over the River Wye\n\nFor thirty years');
    // Facts are read only for schema mode (the heuristic engine cannot serve an instruction).
    if (mode === 'instruction') expect(structuredSource?.facts).toEqual([]);
    else expect(structuredSource?.facts.length).toBeGreaterThan(0);
  });
});
