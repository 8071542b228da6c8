import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { scanLinks } from '../../../../src/engine/web/link-extractor';
import { normalizeUrl } from '../../../../src/engine/web/url-normalizer';

const PAGE_URL = 'https://example.com/section/page.html';
const tricky = readFileSync(join(__dirname, '../../../fixtures/crawl/tricky-links.html'), 'utf8');
const urls = (html: string, base = PAGE_URL) => scanLinks(html, base).links.map((link) => link.url);

describe('scanLinks', () => {
  const result = scanLinks(tricky, PAGE_URL);
  const found = result.links.map((link) => link.url);
  const nofollow = (url: string) => result.links.find((link) => link.url === url)?.nofollow;

  it('resolves every link against the first <base href>, even links before it', () => {
    expect(result.baseHref).toBe('https://example.com/docs/v2/');
    expect(found[0]).toBe('https://example.com/docs/v2/first.html');
    expect(found).not.toContain('https://example.com/ignored-second-base/first.html');
  });

  it('finds <a> and <area> links in document order, deduplicated, fragments dropped', () => {
    expect(found).toEqual([
      'https://example.com/docs/v2/first.html',
      'https://example.com/after-abrupt-comment',
      'https://example.com/after-bang-comment',
      'https://example.com/unquoted',
      'https://example.com/UPPER',
      'https://example.com/dup-first',
      'https://example.com/query?a=1&b=2&lt=3%C2%A9',
      'https://example.com/nofollowed',
      'https://example.com/mixed',
      'https://example.com/only-nofollow',
      'https://example.com/area-link',
      'https://other.example/ext?x=1',
      'https://example.com/in-noscript',
      'https://example.com/in-svg',
      'https://example.com/last',
    ]);
  });

  it('never takes links from comments, CDATA, processing instructions, attribute values or raw-text elements', () => {
    for (const hidden of [
      'in-title',
      'in-style',
      'in-script',
      'in-template-script',
      'in-comment',
      'in-cdata',
      'in-svg-cdata',
      'in-php',
      'in-attribute',
      'in-textarea',
      'unterminated',
    ]) {
      expect(found.some((url) => url.includes(hidden))).toBe(false);
    }
  });

  it('skips mailto:, javascript:, tel:, data: and same-document links', () => {
    expect(found.every((url) => url.startsWith('https://'))).toBe(true);
    expect(found).not.toContain(PAGE_URL);
    expect(found).not.toContain('https://example.com/docs/v2/');
  });

  it('marks rel=nofollow per link; one followable link to a URL is enough to follow it', () => {
    expect(nofollow('https://example.com/nofollowed')).toBe(true);
    expect(nofollow('https://example.com/only-nofollow')).toBe(true);
    expect(nofollow('https://example.com/mixed')).toBe(false);
    expect(nofollow('https://example.com/unquoted')).toBe(false);
  });

  it('reads the first canonical link and the robots meta tag', () => {
    expect(result.canonical).toBe('https://example.com/docs/canonical-page?b=2&a=1');
    expect(result.metaRobots).toEqual({ noindex: true, nofollow: false });
    expect(scanLinks('<meta name="robots" content="none">', PAGE_URL).metaRobots).toEqual({ noindex: true, nofollow: true });
    expect(scanLinks('<meta name=robots content="index,nofollow">', PAGE_URL).metaRobots).toEqual({ noindex: false, nofollow: true });
    expect(scanLinks('<meta name="googlebot" content="nofollow">', PAGE_URL).metaRobots.nofollow).toBe(false);
    expect(scanLinks('<p>', PAGE_URL).canonical).toBeUndefined();
  });

  it('agrees with a browser DOM (jsdom) on the <a>/<area> links of the tricky page', () => {
    const dom = new JSDOM(tricky, { url: PAGE_URL });
    try {
      const fromDom = new Set<string>();
      for (const element of dom.window.document.querySelectorAll('a[href], area[href]')) {
        const href = element.getAttribute('href')!.trim();
        if (href === '' || href.startsWith('#')) continue;
        const url = normalizeUrl(href, dom.window.document.baseURI);
        if (url !== null) fromDom.add(url);
      }
      expect(new Set(found)).toEqual(fromDom);
    } finally {
      dom.window.close();
    }
  });

  it('follows <meta http-equiv=refresh> targets', () => {
    expect(urls(`<meta http-equiv="refresh" content="0; url='/moved?x=1'">`)).toEqual(['https://example.com/moved?x=1']);
    expect(urls('<meta http-equiv=Refresh content="5;URL=https://example.org/">')).toEqual(['https://example.org/']);
    expect(urls('<meta http-equiv="refresh" content="30">')).toEqual([]);
  });

  it('handles raw-text end tags that only look like the end', () => {
    expect(urls('<script>var a = "</scripts>"; </script><a href="/after">x</a>')).toEqual(['https://example.com/after']);
    expect(urls('<style>x{}</style <a href="/in-end-tag">><a href="/real">')).toEqual(['https://example.com/real']);
    expect(urls('<script><a href="/never-closed">')).toEqual([]);
    expect(urls('<plaintext><a href="/plain">')).toEqual([]);
  });

  it('decodes numeric character references and keeps unknown or unterminated-before-= ones', () => {
    expect(urls('<a href="/a&#47;b&#x2F;c&#0;">')).toEqual(['https://example.com/a/b/c%EF%BF%BD']);
    expect(urls('<a href="/p?x=1&notanentity;&amp=2">')).toEqual(['https://example.com/p?x=1&notanentity;&amp=2']);
  });
});
