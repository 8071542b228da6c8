import { JSDOM, VirtualConsole } from 'jsdom';

/** A parsed HTML document; `close()` releases the jsdom window (it holds memory until closed). */
export interface ParsedHtml {
  document: Document;
  close(): void;
}

/**
 * Comments and raw-text elements, matched the way the HTML tokenizer ends them, so that a `<style>` written
 * inside a comment or a script string is left alone.
 */
const MARKUP_TO_SCREEN =
  /<!--[\s\S]*?-->|<script\b([^>]*)>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<iframe\b[^>]*>[\s\S]*?<\/iframe\s*>|<i?frame\b[^>]*>/gi;

/** C0 controls other than tab, newline, form feed and carriage return: invalid in HTML, and used as markers by the table rules. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000E-\u001F]/g;

/**
 * Removes what must not reach jsdom:
 * - `<style>`: jsdom 28 runs every style sheet through its CSS engine while parsing, and some real CSS makes
 *   that engine throw out of the JSDOM constructor (e.g. `border:inherit;border-color:…` in a rule). No output
 *   needs style sheets.
 * - `<iframe>`/`<frame>`: jsdom builds a whole window for each (~12 ms apiece); their content is another document.
 * - `<script>`, unless `keepScripts`: a fifth of the parse time on script-heavy pages, and only selector fields
 *   may read them (e.g. `script#__NEXT_DATA__`). JSON-LD always stays: the metadata and Readability read it.
 * Comments stay, and a `<style>` inside a comment or a script is not touched.
 */
export function prepareHtml(html: string, options: { keepScripts: boolean }): string {
  return html
    .replace(MARKUP_TO_SCREEN, (match, scriptAttributes?: string) => {
      if (match.startsWith('<!--')) return match;
      if (scriptAttributes === undefined) return '';
      return options.keepScripts || /application\/ld\+json/i.test(scriptAttributes) ? match : '';
    })
    .replace(CONTROL_CHARACTERS, '');
}

/**
 * Parses HTML without running scripts or fetching resources (jsdom's defaults; neither option is ever set here).
 * `url` makes `document.URL` and `baseURI` (which honours `<base href>`) right; an unusable URL falls back to
 * about:blank rather than failing the parse.
 */
export function parseHtml(html: string, url: string, options = { keepScripts: false }): ParsedHtml {
  // A silent console: jsdom reports CSS and parse problems there, and they are the page's business, not ours.
  const virtualConsole = new VirtualConsole();
  const dom = new JSDOM(prepareHtml(html, options), { url: URL.canParse(url) ? url : 'about:blank', virtualConsole });
  return { document: dom.window.document, close: () => dom.window.close() };
}
