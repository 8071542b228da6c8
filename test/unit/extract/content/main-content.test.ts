import { buildOutputs } from '../../../../src/extract/build-outputs';
import { ScrapioError } from '../../../../src/errors';
import * as readabilityArticle from '../../../../src/extract/content/readability-article';
import { htmlDocument, readFixture } from '../../../helpers/extract-documents';

const article = readFixture('article-page.html');

/** A page Readability does not judge readerable, whose "article" is a few short paragraphs beside a long listing. */
function listingPage(listings = 60): string {
  const story = [1, 2, 3, 4, 5]
    .map((i) => `<p>Paragraph ${i} of the story about the new bridge: the council approved the plan on Tuesday evening, after a long debate.</p>`)
    .join('');
  const items = Array.from({ length: listings }, (_, i) => `<li>Listing ${i}: a sturdy oak shelf, 80 cm wide, ships in two days</li>`).join('');
  return `<html><head><title>Front</title></head><body><main><div class="story">${story}</div></main><div class="x"><div class="y"><ul>${items}</ul></div></div></body></html>`;
}

describe('main content (markdown and text)', () => {
  it('converts the article, without navigation, cookie banner, share widget, newsletter, sidebar or footer', async () => {
    const { outputs } = await buildOutputs(htmlDocument(article), { output: ['markdown'] });
    const markdown = outputs.markdown ?? '';
    expect(markdown).toContain('For thirty years the people of Lower Wyeside');
    expect(markdown).toContain('## The engineering');
    for (const chrome of ['cookie policy', 'Sport', 'Share on Social', 'Get the Valley Post daily', 'Most read', 'All rights reserved']) {
      expect(markdown).not.toContain(chrome);
    }
  });

  it('puts the article title on top exactly once', async () => {
    const { outputs } = await buildOutputs(htmlDocument(article), { output: ['markdown', 'text'] });
    expect(outputs.markdown?.startsWith('# Building a Bridge Over the River Wye\n\nFor thirty years')).toBe(true);
    expect(outputs.markdown?.match(/Building a Bridge Over the River Wye/g)).toHaveLength(1);
    expect(outputs.text?.startsWith('Building a Bridge Over the River Wye\n\nFor thirty years')).toBe(true);
  });

  it('does not add the title when the article already opens with that heading', async () => {
    const page = `<html><head><title>Alpha Beta</title></head><body><article><h2>Alpha Beta</h2><h3>Part one</h3>${'<p>Readable text about alpha and beta that goes on for a while, with commas, and more commas, to look like prose.</p>'.repeat(6)}</article></body></html>`;
    const { outputs } = await buildOutputs(htmlDocument(page), { output: ['markdown'] });
    expect(outputs.markdown?.match(/Alpha Beta/g)).toHaveLength(1);
  });

  it('falls back to the cleaned body when the article is a sliver of a page that is not an article', async () => {
    const { outputs } = await buildOutputs(htmlDocument(listingPage()), { output: ['markdown'] });
    expect(outputs.markdown).toContain('Paragraph 1 of the story');
    expect(outputs.markdown).toContain('- Listing 0: a sturdy oak shelf');
    expect(outputs.markdown).toContain('- Listing 59: a sturdy oak shelf');
  });

  it("asks Readability's readerable judgement only when the article is neither clearly the content nor a sliver of it", async () => {
    const readerable = jest.spyOn(readabilityArticle, 'isReaderable');
    try {
      await buildOutputs(htmlDocument(article), { output: ['markdown'] });
      expect(readerable).not.toHaveBeenCalled();
      await buildOutputs(htmlDocument(listingPage()), { output: ['markdown'] }); // the story is a sliver of the listing
      expect(readerable).not.toHaveBeenCalled();
      await buildOutputs(htmlDocument(listingPage(12)), { output: ['markdown'] }); // about half of it
      expect(readerable).toHaveBeenCalledTimes(1);
    } finally {
      readerable.mockRestore();
    }
  });

  it('drops a list of links inside the article ("most watched", related stories) and keeps the prose and its inline links', async () => {
    // From a Daily Mail page of the Google-Trends pages: the article's container ends with a long list of linked
    // teasers, which Readability keeps.
    const prose = Array.from(
      { length: 6 },
      (_, i) => `<p>Paragraph ${i}: the comedian made the admission on the show on Monday, as <a href="/tmz">TMZ reports</a>, weeks after the news broke.</p>`,
    ).join('');
    const teasers = Array.from(
      { length: 12 },
      (_, i) => `<li><a href="/story-${i}"><img src="/t${i}.jpg"><b>Celebrity ${i} steps out in a bold look</b></a></li>`,
    ).join('');
    const page = `<html><head><title>Troll story</title></head><body><div class="article-text"><h1>Troll story</h1>${prose}<h3>Most watched News videos</h3><ul class="video-list">${teasers}</ul></div></body></html>`;
    const { outputs } = await buildOutputs(htmlDocument(page), { output: ['markdown'] });
    expect(outputs.markdown).toContain('Paragraph 5: the comedian');
    expect(outputs.markdown).toContain('[TMZ reports](');
    expect(outputs.markdown).not.toContain('Celebrity 3 steps out');
    // The whole cleaned body still has it, for those who want everything.
    const whole = await buildOutputs(htmlDocument(page), { output: ['markdown'], onlyMainContent: false });
    expect(whole.outputs.markdown).toContain('Celebrity 3 steps out');
  });

  it('puts the page title on top of a cleaned body chosen as the content, once', async () => {
    const titled = await buildOutputs(htmlDocument(listingPage()), { output: ['markdown'] });
    expect(titled.outputs.markdown?.startsWith('# Front\n\n')).toBe(true);
    const opensWithIt = listingPage().replace('<main>', '<main><h1>Front</h1>');
    const once = await buildOutputs(htmlDocument(opensWithIt), { output: ['markdown'] });
    expect(once.outputs.markdown?.match(/Front/g)).toHaveLength(1);
  });

  it('falls back to the cleaned body when Readability finds no article', async () => {
    const noArticle = jest.spyOn(readabilityArticle, 'extractArticle').mockReturnValue(null);
    try {
      const { outputs } = await buildOutputs(htmlDocument(article), { output: ['markdown'] });
      expect(noArticle).toHaveBeenCalled();
      expect(outputs.markdown).toContain('By Jane Doe, 1 March 2024');
      expect(outputs.markdown).toContain('weathering steel');
      expect(outputs.markdown).not.toContain('Most read');
      expect(outputs.markdown).not.toContain('Sport');
    } finally {
      noArticle.mockRestore();
    }
  });

  it('gives the whole cleaned body with onlyMainContent: false', async () => {
    const { outputs } = await buildOutputs(htmlDocument(article), { output: ['markdown'], onlyMainContent: false });
    expect(outputs.markdown).toContain('# Building a Bridge Over the River Wye');
    expect(outputs.markdown).toContain('By Jane Doe, 1 March 2024');
    expect(outputs.markdown).not.toContain('Most read');
    expect(outputs.markdown).not.toContain('cookie policy');
  });

  it('keeps only the subtrees of includeSelectors, minus excludeSelectors', async () => {
    const { outputs } = await buildOutputs(htmlDocument(article), {
      output: ['markdown'],
      includeSelectors: ['table', 'h2'],
      excludeSelectors: ['h2 + p'],
    });
    expect(outputs.markdown).toBe(
      '## How the money was raised\n\n| Source | Amount |\n| --- | --- |\n| Community shares | £100,000 |\n| County grant | £40,000 |\n\n## The engineering',
    );
  });

  it('removes excludeSelectors before finding the article', async () => {
    const { outputs } = await buildOutputs(htmlDocument(article), { output: ['markdown'], excludeSelectors: ['table', 'pre'] });
    expect(outputs.markdown).toContain('## How the money was raised');
    expect(outputs.markdown).not.toContain('| Source |');
    expect(outputs.markdown).not.toContain('```');
  });

  it('refuses an invalid include selector with invalid_request naming it', async () => {
    const failure = buildOutputs(htmlDocument(article), { output: ['markdown'], includeSelectors: ['div[['] });
    await expect(failure).rejects.toThrow(ScrapioError);
    await expect(failure).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('include_selectors: "div[["') });
  });

  it('writes text as paragraphs separated by one blank line, whitespace collapsed, table rows on one line', async () => {
    const page =
      '<html><body><article><h1>T</h1><p>one\n   two\t three</p><p>four<br>five</p><table><tr><th>k</th><th>v</th></tr><tr><td>a  b</td><td>1</td></tr></table></article></body></html>';
    const { outputs } = await buildOutputs(htmlDocument(page), { output: ['text'], onlyMainContent: false });
    expect(outputs.text).toBe('T\n\none two three\n\nfour\nfive\n\nk | v\n\na b | 1');
  });

  it('hands the main title and text to the search index', async () => {
    const { indexable } = await buildOutputs(htmlDocument(article), { output: ['markdown'] });
    expect(indexable?.title).toBe('Building a Bridge Over the River Wye');
    expect(indexable?.text).toContain('weathering steel');
    expect(indexable?.text).not.toContain('![');
  });
});
