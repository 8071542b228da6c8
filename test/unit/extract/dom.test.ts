import { JSDOM, VirtualConsole } from 'jsdom';
import { buildOutputs } from '../../../src/extract/build-outputs';
import { parseHtml, prepareHtml } from '../../../src/extract/dom';
import { htmlDocument } from '../../fixtures/extract/documents';

// CSS from a real page (a video player's spinner) that makes jsdom 28's CSS engine throw while parsing the HTML.
const BREAKING_CSS = '.vjs-loading-spinner:after{border:inherit;border-color:transparent;border-top-color:white}';
const PAGE = `<html><head><title>Spinner</title><style>${BREAKING_CSS}</style></head><body><article>${'<p>Text that must survive the broken style sheet, long enough to read like an article, with commas, and more.</p>'.repeat(5)}</article></body></html>`;

describe('parseHtml', () => {
  it('survives a style sheet that makes jsdom throw', async () => {
    // The fixture is only meaningful while jsdom itself still throws on it.
    expect(() => new JSDOM(PAGE, { virtualConsole: new VirtualConsole() })).toThrow();
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
    expect(prepareHtml(html, { keepScripts: false })).toBe('<script type="application/ld+json">{"@type":"Article"}</script><!-- <style>c</style> --><p>kept</p>');
    expect(prepareHtml(html, { keepScripts: true })).toBe(
      '<script>var s = "<style>x</style>";</script><script type="application/ld+json">{"@type":"Article"}</script><!-- <style>c</style> --><p>kept</p>',
    );
  });

  it('neither runs the scripts it keeps nor loads resources', () => {
    const page = parseHtml(
      '<html><body><p id="p">static</p><script>document.getElementById("p").textContent = "changed";</script><img src="http://127.0.0.1:9/x.png"></body></html>',
      'https://site.example/',
      { keepScripts: true },
    );
    try {
      expect(page.document.getElementById('p')?.textContent).toBe('static');
    } finally {
      page.close();
    }
  });

  it('parses a page with an unusable final URL', () => {
    const page = parseHtml('<p>ok</p>', 'not a url');
    try {
      expect(page.document.body.textContent).toBe('ok');
    } finally {
      page.close();
    }
  });
});
