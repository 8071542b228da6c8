import { DOMParser } from 'linkedom';
import { ScrapioError } from '../../errors';
import { parseWithJsdom } from './jsdom-dom';
import { installLinkedomFastPaths } from './linkedom-fast-paths';
import { parseIntoLinkedom } from './linkedom-tree-adapter';
import { documentBaseUrl } from './urls';

/** A parsed HTML document; `close()` releases what the DOM holds (jsdom's window; a linkedom document needs nothing). */
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
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000E-\u001F]/g;

/**
 * Removes, before the parse, what no output reads and what costs parse time or breaks a parser:
 * - `<style>`: no output needs style sheets, and jsdom (the DOM for some selector requests) runs each through a
 *   CSS engine that throws on some real CSS (e.g. `border:inherit;border-color:…` in a rule).
 * - `<iframe>`/`<frame>`: their content is another document (jsdom would build a whole window for each).
 * - `<script>`, unless `keepScripts`: tokenizing big inline scripts is a good part of the parse of script-heavy
 *   pages, and only selector fields may read them (e.g. `script#__NEXT_DATA__`). JSON-LD always stays: the
 *   metadata and Readability read it.
 * Comments stay, and a `<style>` inside a comment or a script is not touched.
 */
export function prepareHtml(html: string, options: { keepScripts: boolean }): string {
  return (
    html
      // A byte order mark is the decoder's business (browsers drop it); to the tree builder it is text, which would
      // open the body before the <head> and push <title> and <meta> into it.
      .replace(/^\uFEFF/, '')
      .replace(MARKUP_TO_SCREEN, (match, scriptAttributes?: string) => {
        if (match.startsWith('<!--')) return match;
        if (scriptAttributes === undefined) return '';
        return options.keepScripts || /application\/ld\+json/i.test(scriptAttributes) ? match : '';
      })
      .replace(CONTROL_CHARACTERS, '')
  );
}

export interface ParseOptions {
  /** Keep `<script>` elements (selector fields may read them). */
  keepScripts: boolean;
  /** 'jsdom' only for requests whose selectors linkedom cannot run as a browser would (css-selectors.ts). */
  engine?: 'linkedom' | 'jsdom';
  /** Refuse (extraction_failed) a page with more start tags than this, before parsing it. */
  maxElements?: number;
}

/** A page over ParseOptions.maxElements: the whole request fails (extraction_failed), unless it needs no DOM. */
export class TooManyElementsError extends ScrapioError {
  constructor(count: number, maxElements: number) {
    super(
      'extraction_failed',
      `The page has about ${count.toLocaleString('en-US')} elements; this server extracts pages of at most ${maxElements.toLocaleString('en-US')} (extraction.maxElements).`,
    );
  }
}

/** A start tag: each makes one element (a few implicit ones, html/head/body/tbody, come on top). */
const START_TAG = /<[a-zA-Z]/g;

/**
 * Parse, Readability and selector matching grow with the element count, some faster than linearly (a 100,000-link
 * page took 40 s of Readability and, in a crawl, the worker's whole heap). Counting start tags in the prepared
 * HTML (scripts and styles already gone) is a regex pass, milliseconds for megabytes, and refuses such a page
 * before any of that work starts.
 */
function assertWithinElementLimit(prepared: string, maxElements: number | undefined): void {
  if (maxElements === undefined) return;
  let count = 0;
  START_TAG.lastIndex = 0;
  while (START_TAG.exec(prepared) !== null) {
    if (++count > maxElements) {
      const total = count + (prepared.slice(START_TAG.lastIndex).match(START_TAG)?.length ?? 0);
      throw new TooManyElementsError(total, maxElements);
    }
  }
}

/**
 * Parses HTML the way a browser does: parse5 (the WHATWG tokenizer and tree construction, with scripting off so
 * `<noscript>` content is markup) builds a linkedom document directly (linkedom-tree-adapter.ts), or jsdom (which
 * parses with parse5 too) when asked. Nothing runs and nothing is fetched. `url` gives the document its URL and
 * base URL (honouring `<base href>`), which Readability resolves links against; an unusable URL leaves them unset,
 * as about:blank would.
 */
export function parseHtml(html: string, url: string, options: ParseOptions = { keepScripts: false }): ParsedHtml {
  const prepared = prepareHtml(html, options);
  assertWithinElementLimit(prepared, options.maxElements);
  if (options.engine === 'jsdom') return parseWithJsdom(prepared, url);
  installLinkedomFastPaths();
  const empty = new DOMParser().parseFromString('', 'text/html') as unknown as Document;
  const document = parseIntoLinkedom(prepared, empty);
  Object.defineProperty(document, 'title', { get: specTitle, configurable: true });
  if (URL.canParse(url)) setDocumentUrl(document, url, documentBaseUrl(document, url));
  // linkedom's document is plain garbage-collected objects: nothing to release.
  return { document, close: () => undefined };
}

/** linkedom leaves `URL`, `documentURI` and `baseURI` undefined; Readability reads the last two. */
function setDocumentUrl(document: Document, url: string, baseUrl: string): void {
  const value = (v: string): PropertyDescriptor => ({ value: v, configurable: true, enumerable: false });
  Object.defineProperties(document, { URL: value(url), documentURI: value(url), baseURI: value(baseUrl) });
}

/**
 * `document.title` as the spec (and jsdom) defines it: the first `<title>` anywhere, its own text with ASCII
 * whitespace stripped and collapsed. linkedom looks only in the head and does not collapse, and Readability's
 * title rules (separators such as " - ") read this value.
 */
function specTitle(this: Document): string {
  const title = this.getElementsByTagName('title')[0];
  if (!title) return '';
  let text = '';
  for (let child = title.firstChild; child; child = child.nextSibling) if (child.nodeType === 3) text += child.nodeValue;
  return text.replace(/[\t\n\f\r ]+/g, ' ').replace(/^ | $/g, '');
}
