import { parseHtml } from '../../../../src/extract/dom/dom';
import { extractArticle } from '../../../../src/extract/content/readability-article';
import { buildOutputs } from '../../../../src/extract/build-outputs';
import * as adapter from '../../../../src/extract/dom/linkedom-tree-adapter';
import { htmlDocument } from '../../../helpers/extract-documents';

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

describe('extractArticle with a copy of the page on demand', () => {
  const ARTICLE_PAGE = `<!doctype html><html><head><title>Dam</title></head><body><nav><a href="/">Home</a></nav><article><h1>Dam</h1>${'<p>The dam holds the river back, and the town below has grown, with houses, shops, and a school.</p>'.repeat(8)}</article></body></html>`;

  it('gives the same article as with the body serialised up front, on a page where Readability retries', () => {
    const eager = extractArticle(parseHtml(PAGE, 'https://site.example/').document);
    const samePageAgain = jest.fn(() => parseHtml(PAGE, 'https://site.example/').document);
    const lazy = extractArticle(parseHtml(PAGE, 'https://site.example/').document, samePageAgain);
    expect(samePageAgain).toHaveBeenCalledTimes(1);
    expect(lazy?.content.outerHTML).toBe(eager?.content.outerHTML);
    expect(lazy?.textLength).toBe(eager?.textLength);
    expect(lazy?.content.textContent).toContain('Rivers rise > banks fail');
  });

  it('does not ask for the copy when Readability finds the article at once', () => {
    const samePageAgain = jest.fn(() => parseHtml(ARTICLE_PAGE, 'https://site.example/').document);
    const article = extractArticle(parseHtml(ARTICLE_PAGE, 'https://site.example/').document, samePageAgain);
    expect(article?.content.textContent).toContain('The dam holds the river back');
    expect(samePageAgain).not.toHaveBeenCalled();
    const eager = extractArticle(parseHtml(ARTICLE_PAGE, 'https://site.example/').document);
    expect(article?.content.outerHTML).toBe(eager?.content.outerHTML);
  });
});
