import { SitemapStreamParser, type SitemapItem } from '../../../../src/engine/web/sitemap-parser';

function parse(chunks: string[]): { items: SitemapItem[]; done: boolean } {
  const items: SitemapItem[] = [];
  const parser = new SitemapStreamParser((item) => items.push(item));
  for (const chunk of chunks) parser.write(chunk);
  const done = parser.done;
  parser.end();
  return { items, done };
}

/** Every split of the text into two chunks, and one character at a time. */
function everySplit(text: string): string[][] {
  return [[text], Array.from(text), ...Array.from({ length: text.length - 1 }, (_, at) => [text.slice(0, at + 1), text.slice(at + 1)])];
}

const URLSET = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE urlset [ <!ENTITY bomb "boom"> ]>
<!-- a comment with <url><loc>https://example.com/commented</loc></url> inside -->
<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <sm:url><sm:loc> https://example.com/a?x=1&amp;y=&#50;&#x33; </sm:loc><sm:lastmod>2024-01-01</sm:lastmod>
    <image:image><image:loc>https://example.com/img.png</image:loc></image:image></sm:url>
  <sm:url><sm:loc><![CDATA[https://example.com/cdata?a=1&amp;b]]></sm:loc></sm:url>
  <sm:url><sm:lastmod>2024-02-02</sm:lastmod></sm:url>
  <sm:url attr='a>b'><sm:loc>/relative</sm:loc><sm:loc>https://example.com/second-loc</sm:loc></sm:url>
  <sm:url/>
</sm:urlset>
<url><loc>https://example.com/after-root</loc></url>`;

describe('SitemapStreamParser', () => {
  it('gives the same items however the text is cut into chunks', () => {
    const expected: SitemapItem[] = [
      { type: 'page', loc: 'https://example.com/a?x=1&y=23', lastmod: '2024-01-01' },
      { type: 'page', loc: 'https://example.com/cdata?a=1&amp;b' },
      { type: 'page', loc: '/relative' },
    ];
    for (const chunks of everySplit(URLSET.replace(/^\uFEFF/, ''))) expect(parse(chunks).items).toEqual(expected);
  });

  it('reads sitemap indexes, and plain-text sitemaps line by line', () => {
    const index =
      '<sitemapindex><sitemap><loc>https://example.com/s1.xml</loc><lastmod>x</lastmod></sitemap><sitemap><loc>s2.xml</loc></sitemap></sitemapindex>';
    expect(parse([index]).items).toEqual([
      { type: 'sitemap', loc: 'https://example.com/s1.xml' },
      { type: 'sitemap', loc: 's2.xml' },
    ]);
    for (const chunks of everySplit('\n  https://example.com/one\r\nhttps://example.com/two\r\n\nhttps://example.com/three')) {
      expect(parse(chunks).items).toEqual(['one', 'two', 'three'].map((name) => ({ type: 'page', loc: `https://example.com/${name}`, plainText: true })));
    }
  });

  it('says it is done as soon as the document cannot be a sitemap, or its root has closed', () => {
    expect(parse(['<!doctype html><html><body><a href="/x">x</a>'])).toEqual({ items: [], done: true });
    expect(parse(['<urlset><url><loc>https://example.com/x</loc></url></urlset>'])).toMatchObject({ done: true });
    expect(parse(['<urlset><url><loc>https://example.com/x</loc></url>'])).toMatchObject({ done: false });
  });

  it('keeps memory bounded: an endless tag or line ends the parse instead of growing a buffer', () => {
    const parser = new SitemapStreamParser(() => undefined);
    parser.write('<urlset><url><loc>https://example.com/ok</loc></url><url attr="');
    for (let i = 0; i < 100 && !parser.done; i++) parser.write('x'.repeat(1024));
    expect(parser.done).toBe(true);
    const text = new SitemapStreamParser(() => undefined);
    for (let i = 0; i < 100 && !text.done; i++) text.write('h'.repeat(1024));
    expect(text.done).toBe(true);
  });
});
