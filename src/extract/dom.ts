import { DOMParser } from 'linkedom';
import { parseIntoLinkedom } from './linkedom-tree-adapter';
import { documentBaseUrl } from './urls';

/** A parsed HTML document; `close()` releases what the DOM holds (kept for callers written against jsdom). */
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
 * Parses HTML the way a browser does (parse5: the WHATWG tokenizer and tree construction, with scripting off so
 * `<noscript>` content is markup) into a linkedom document (see linkedom-tree-adapter.ts). Nothing runs and
 * nothing is fetched: linkedom has neither scripts nor resource loading. `url` gives the document its URL and
 * base URL (honouring `<base href>`), which Readability resolves links against; an unusable URL leaves them unset,
 * as about:blank would.
 */
export function parseHtml(html: string, url: string, options = { keepScripts: false }): ParsedHtml {
  const empty = new DOMParser().parseFromString('', 'text/html') as unknown as Document;
  const document = parseIntoLinkedom(prepareHtml(html, options), empty);
  if (URL.canParse(url)) setDocumentUrl(document, url, documentBaseUrl(document, url));
  // linkedom's document is plain garbage-collected objects: nothing to release.
  return { document, close: () => undefined };
}

/** linkedom leaves `URL`, `documentURI` and `baseURI` undefined; Readability reads the last two. */
function setDocumentUrl(document: Document, url: string, baseUrl: string): void {
  const value = (v: string): PropertyDescriptor => ({ value: v, configurable: true, enumerable: false });
  Object.defineProperties(document, { URL: value(url), documentURI: value(url), baseURI: value(baseUrl) });
}
