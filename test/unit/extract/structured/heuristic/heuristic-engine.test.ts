import { extractWithHeuristics } from '../../../../../src/extract/structured/heuristic/heuristic-engine';
import { deriveSchema } from '../../../../../src/extract/structured/schema-derivation';
import { buildOutputs } from '../../../../../src/extract/build-outputs';
import { htmlDocument } from '../../../../helpers/extract-documents';
import { fieldCorrect, sourceOf, structuredFixtures } from '../../../../helpers/structured-fixtures';

const { schemas, pages } = structuredFixtures();

describe('the heuristic engine on real-looking fixture pages', () => {
  it.each(Object.keys(pages))('fills every known field of %s from what the page states', async (name) => {
    const page = pages[name];
    const schema = schemas[page.kind];
    const result = extractWithHeuristics(deriveSchema(schema), await sourceOf(name, schema));
    const wrong = Object.entries(page.expected)
      .filter(([field, want]) => !fieldCorrect(result.json[field], want))
      .map(([field, want]) => `${field}: got ${JSON.stringify(result.json[field])}, want ${JSON.stringify(want)}`);
    expect(wrong).toEqual([]);
    expect(Object.keys(result.json)).toEqual(Object.keys(schema));
    expect(result.diagnostics.engine).toBe('heuristic');
  });

  it('reads JSON-LD @graph through @id references, preferring the page subject over the site around it', async () => {
    const schema = { headline: 'the headline', author: 'who wrote it', publisher: 'the publication' };
    const result = extractWithHeuristics(deriveSchema(schema), await sourceOf('article-graph', schema));
    expect(result.json).toEqual({ headline: 'Why Rust Compiles Slowly', author: 'Priya Shah', publisher: 'DevNotes' });
    expect(result.diagnostics.sources).toMatchObject({ author: 'json-ld:author.name' });
  });

  it('matches synonyms and descriptions (cost ~ offers.price, creator ~ author, date ~ datePublished)', async () => {
    const product = extractWithHeuristics(deriveSchema({ cost: 'how much it costs, a number' }), await sourceOf('product-jsonld', { cost: 'x' }));
    expect(product.json).toEqual({ cost: 49.99 });
    const article = extractWithHeuristics(
      deriveSchema({ creator: 'the writer', date: 'when it was published' }),
      await sourceOf('article-jsonld', { creator: 'x' }),
    );
    expect(article.json).toEqual({ creator: 'Sam Carter', date: '2026-03-14T08:30:00Z' });
  });

  it('leaves what the page does not state null and lists it in unfilled_fields: no guessing', async () => {
    const schema = { price: 'the price, a number', warranty: 'the warranty period', title: 'the product name' };
    const result = extractWithHeuristics(deriveSchema(schema), await sourceOf('product-microdata', schema));
    expect(result.json).toEqual({ price: 39.9, warranty: null, title: 'Lumen Desk Lamp' });
    expect(result.diagnostics.unfilled_fields).toEqual(['warranty']);
  });

  it('answers null for every field of a page without any structured data', async () => {
    const bundle = await buildOutputs(htmlDocument('<html><body><p>Nothing to see here, just prose about nothing.</p></body></html>'), {
      output: ['json'],
      extract: { mode: 'schema', schema: { price: 'a number', author: 'the author' } },
    });
    const result = extractWithHeuristics(deriveSchema({ price: 'a number', author: 'the author' }), bundle.structuredSource!);
    expect(result.json).toEqual({ price: null, author: null });
    expect(result.diagnostics.unfilled_fields).toEqual(['price', 'author']);
  });
});
