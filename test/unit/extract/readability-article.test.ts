import { parseHtml } from '../../../src/extract/dom';
import { extractArticle } from '../../../src/extract/readability-article';
import { buildOutputs } from '../../../src/extract/build-outputs';
import * as adapter from '../../../src/extract/linkedom-tree-adapter';
import { htmlDocument } from '../../fixtures/extract/documents';

// All the text sits in a class="comment" block: Readability's first pass strips it as an unlikely candidate, finds
// too little text and restores the body from its innerHTML for a second pass.
const SENTENCE = 'Rivers rise &gt; banks fail, and the valley floods again this spring, as it did ten years ago. ';
const PAGE = `<!doctype html><html><head><title>Floods</title></head><body><div class="comment"><p>${SENTENCE.repeat(4)}</p><p>${SENTENCE.repeat(4)}</p></div></body></html>`;

describe('extractArticle on linkedom', () => {
  afterEach(() => jest.restoreAllMocks());

  it('restores the body with the spec parser when Readability retries, so text nodes stay whole', () => {
    const document = parseHtml(PAGE, 'https://site.example/').document;
    const fragmentParse = jest.spyOn(adapter, 'parseFragmentIntoLinkedom');
    const body = document.body;
    const article = extractArticle(document);
    expect(article?.content.textContent).toContain('Rivers rise > banks fail');
    const paragraph = article?.content.querySelector('p') as Element;
    expect(paragraph.childNodes.length).toBe(1);
    // The own innerHTML accessor exists only while Readability runs.
    expect(Object.prototype.hasOwnProperty.call(body, 'innerHTML')).toBe(false);
    // The retry happened, through parse5.
    expect(fragmentParse).toHaveBeenCalled();
  });

  it('gives markdown without stray escapes after that retry', async () => {
    const { outputs } = await buildOutputs(htmlDocument(PAGE), { output: ['markdown'] });
    expect(outputs.markdown).toContain('Rivers rise > banks fail');
    expect(outputs.markdown).not.toContain('\\>');
  });
});
