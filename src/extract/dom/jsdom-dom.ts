import { loadJsdom } from './lazy-jsdom';

/**
 * Parses prepared HTML (see prepareHtml: no style sheets, which can make jsdom's CSS engine throw) with jsdom,
 * for the requests whose CSS selectors linkedom cannot run as a browser would (css-selectors.ts). Scripts do not
 * run and nothing is fetched (jsdom's defaults; neither option is set here). An unusable URL falls back to
 * about:blank rather than failing the parse. `close()` releases the window, which holds memory until closed.
 */
export function parseWithJsdom(preparedHtml: string, url: string): { document: Document; close(): void } {
  // A silent console: jsdom reports CSS and parse problems there, and they are the page's business, not ours.
  const { JSDOM, VirtualConsole } = loadJsdom();
  const dom = new JSDOM(preparedHtml, { url: URL.canParse(url) ? url : 'about:blank', virtualConsole: new VirtualConsole() });
  return { document: dom.window.document, close: () => dom.window.close() };
}
