import { buildOutputs } from '../../../../src/extract/build-outputs';
import { parseHtml, prepareHtml } from '../../../../src/extract/dom/dom';
import { htmlDocument } from '../../../helpers/extract-documents';

// CSS from a real page (a video player's spinner) that makes jsdom 28's CSS engine throw while parsing the HTML:
// jsdom still parses pages whose selectors need it (css-selectors.ts), so style sheets never reach a parser.
const BREAKING_CSS = '.vjs-loading-spinner:after{border:inherit;border-color:transparent;border-top-color:white}';
const PAGE = `<html><head><title>Spinner</title><style>${BREAKING_CSS}</style></head><body><article>${'<p>Text that must survive the broken style sheet, long enough to read like an article, with commas, and more.</p>'.repeat(5)}</article></body></html>`;

const parse = (html: string, url = 'https://site.example/a/page.html'): Document => parseHtml(html, url).document;

describe('parseHtml: a spec-compliant tree (parse5 into linkedom)', () => {
  it('adds html, head and body to a page that has none, and puts head content in the head', () => {
    const document = parse('<title>Bare</title><meta name="description" content="d"><p>first</p>text');
    expect(document.documentElement.localName).toBe('html');
    expect(document.head.querySelector('title')?.textContent).toBe('Bare');
    expect(document.head.querySelector('meta')?.getAttribute('content')).toBe('d');
    expect(document.body.innerHTML).toBe('<p>first</p>text');
    expect(document.title).toBe('Bare');
  });

  it('lowercases element and attribute names', () => {
    const document = parse('<DIV CLASS="Box" ID="Main" DATA-Lazy-SRC="/x.png"><A HREF="/a">link</A></DIV>');
    const div = document.querySelector('div');
    expect(div?.getAttribute('class')).toBe('Box');
    expect(div?.getAttributeNames()).toEqual(['class', 'id', 'data-lazy-src']);
    expect(document.querySelector('#Main')).toBe(div);
    expect(document.querySelector('a[href="/a"]')?.textContent).toBe('link');
    expect(div?.nodeName).toBe('DIV');
  });

  it('repairs a misnested table and formatting elements as a browser does', () => {
    // Text and a <b> inside <table> but outside a cell are foster-parented before the table; rows get a tbody.
    const document = parse('<table><b>moved</b><tr><td>cell</td></tr>stray</table><p><b><i>both</b> italic</i></p>');
    expect(document.body.innerHTML).toBe('<b>moved</b>stray<table><tbody><tr><td>cell</td></tr></tbody></table><p><b><i>both</i></b><i> italic</i></p>');
  });

  it('keeps <template> content out of the document tree, in the template fragment', () => {
    const document = parse('<p>shown</p><template><p>inert <b>template</b> text</p></template>');
    const template = document.querySelector('template') as HTMLTemplateElement;
    expect(template.childNodes.length).toBe(0);
    // (linkedom's DocumentFragment has no textContent of its own: read its element.)
    expect(template.content.firstElementChild?.textContent).toBe('inert template text');
    expect(document.body.textContent).toBe('shown');
  });

  it('decodes named, numeric and legacy entities, and leaves unknown ones alone', () => {
    const document = parse('<p>&amp; &lt;tag&gt; &copy; &#8212; &#x1F600; &nbsp;|&notit; &bogus; &amp</p><a title="a&quot;b">x</a>');
    expect(document.querySelector('p')?.textContent).toBe('& <tag> © — 😀 \u00a0|¬it; &bogus; &');
    expect(document.querySelector('a')?.getAttribute('title')).toBe('a"b');
  });

  it('merges adjacent text into one node, as the spec does', () => {
    const paragraph = parse('<p>a &gt; b &amp; c</p>').querySelector('p') as Element;
    expect(paragraph.childNodes.length).toBe(1);
    expect(paragraph.firstChild?.nodeValue).toBe('a > b & c');
  });

  it('parses <noscript> content as markup (scripting is off) and keeps SVG and MathML in their namespaces', () => {
    const document = parse(
      '<p>lazy</p><noscript><img src="/real.png"></noscript><svg viewBox="0 0 1 1"><foreignObject><p>in</p></foreignObject></svg><math><mi>x</mi></math>',
    );
    expect(document.querySelector('noscript img')?.getAttribute('src')).toBe('/real.png');
    const svg = document.querySelector('svg') as Element;
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('viewBox')).toBe('0 0 1 1');
    // An HTML <p> inside foreignObject stays inside the svg; <mi> stays inside <math>.
    expect(svg.querySelector('p')?.textContent).toBe('in');
    expect(document.querySelector('math')?.textContent).toBe('x');
  });

  it('drops a leading byte order mark, which would otherwise push the <title> into the body', () => {
    const document = parse('\uFEFF<!DOCTYPE html><html><head><title>With BOM</title></head><body><p>x</p></body></html>');
    expect(document.head.querySelector('title')?.textContent).toBe('With BOM');
    expect(document.title).toBe('With BOM');
  });

  it('collapses the title the way document.title does', () => {
    expect(parse('<title>\n  A   title\t- Site \n</title>').title).toBe('A title - Site');
  });

  it('gives the document its URL and a base URL that honours <base href>', () => {
    const document = parse('<head><base href="/root/"></head><p>x</p>', 'https://site.example/a/page.html');
    expect(document.URL).toBe('https://site.example/a/page.html');
    expect(document.documentURI).toBe('https://site.example/a/page.html');
    expect(document.baseURI).toBe('https://site.example/root/');
  });

  it('reports quirks mode for a page without a doctype', () => {
    expect(parse('<p>x</p>').compatMode).toBe('BackCompat');
    expect(parse('<!doctype html><p>x</p>').compatMode).toBe('CSS1Compat');
  });

  it('parses a page with an unusable final URL', () => {
    expect(parse('<p>ok</p>', 'not a url').body.textContent).toBe('ok');
  });

  it('neither runs the scripts it keeps nor loads resources', () => {
    const page = parseHtml(
      '<html><body><p id="p">static</p><script>document.getElementById("p").textContent = "changed";</script><img src="http://127.0.0.1:9/x.png"></body></html>',
      'https://site.example/',
      { keepScripts: true },
    );
    expect(page.document.getElementById('p')?.textContent).toBe('static');
    expect(page.document.querySelector('script')).not.toBeNull();
  });

  it('parses the same tree with jsdom when asked', () => {
    const html = '<title>T</title><table><b>moved</b><tr><td>cell</td></tr></table>';
    const linkedom = parseHtml(html, 'https://site.example/');
    const jsdom = parseHtml(html, 'https://site.example/', { keepScripts: false, engine: 'jsdom' });
    try {
      expect(linkedom.document.documentElement.outerHTML).toBe(jsdom.document.documentElement.outerHTML);
    } finally {
      jsdom.close();
    }
  });
});

describe('prepareHtml', () => {
  it('survives a style sheet that makes jsdom throw', async () => {
    const { outputs, failures } = await buildOutputs(htmlDocument(PAGE), { output: ['markdown', 'text'] });
    expect(failures).toEqual([]);
    expect(outputs.markdown).toContain('Text that must survive the broken style sheet');
    expect(outputs.text).toContain('Text that must survive the broken style sheet');
  });

  it('keeps style elements in the html output, which is the page as fetched', async () => {
    const { outputs } = await buildOutputs(htmlDocument(PAGE), { output: ['html'] });
    expect(outputs.html).toBe(PAGE);
  });

  it('strips style elements, iframes and scripts but keeps JSON-LD, comments and a <style> inside a kept script', () => {
    const html =
      '<style>a{}</style><script>var s = "<style>x</style>";</script><script type="application/ld+json">{"@type":"Article"}</script><!-- <style>c</style> --><iframe src="https://ads.example/"></iframe><p>kept</p>';
    expect(prepareHtml(html, { keepScripts: false })).toBe(
      '<script type="application/ld+json">{"@type":"Article"}</script><!-- <style>c</style> --><p>kept</p>',
    );
    expect(prepareHtml(html, { keepScripts: true })).toBe(
      '<script>var s = "<style>x</style>";</script><script type="application/ld+json">{"@type":"Article"}</script><!-- <style>c</style> --><p>kept</p>',
    );
  });
});
