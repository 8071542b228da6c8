/**
 * A streaming sitemap parser (sitemaps.org 0.9): text goes in chunk by chunk, items come out as each
 * `<url>` or `<sitemap>` element closes, and memory stays bounded by the longest single piece of markup,
 * never by the document. A 50 MB sitemap is therefore never one string or one DOM; the caller decides
 * between chunks whether to go on (URL count, byte budget, event-loop turns).
 *
 * Only what sitemaps use is understood: elements (namespace prefixes ignored, so `<sm:loc>` is `loc`), text,
 * CDATA, the predefined and numeric character references, comments, processing instructions and a
 * DOCTYPE, which is skipped (no entity is ever defined or expanded). `<loc>` counts only as the direct child
 * of `<url>` under `<urlset>` (or of `<sitemap>` under `<sitemapindex>`), so extensions such as
 * `<image:image><image:loc>` are ignored. A document that does not start with `<` is a plain-text sitemap,
 * one URL per line. Malformed input ends the items early; it never throws.
 */

export type SitemapItem = { type: 'page'; loc: string; lastmod?: string; plainText?: boolean } | { type: 'sitemap'; loc: string };

/** The longest tag, comment, CDATA section, text line or element text that is kept; more ends the parse. */
const MAX_TOKEN_LENGTH = 64 * 1024;
/** `<loc>` and `<lastmod>` longer than this are ignored (URLs are capped at 8 KiB anyway). */
const MAX_VALUE_LENGTH = 8 * 1024;

/** What ends an element name in a tag. */
const NAME_END = new Set([' ', '\t', '\n', '\r', '/', '>']);

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

type Mode = 'start' | 'xml' | 'text' | 'done';

export class SitemapStreamParser {
  readonly #onItem: (item: SitemapItem) => void;
  #mode: Mode = 'start';
  #pending = '';
  /** Local names of the open elements, root first (deeper levels only counted). */
  readonly #open: string[] = [];
  #depth = 0;
  #capture: { field: 'loc' | 'lastmod'; value: string } | undefined;
  #loc: string | undefined;
  #lastmod: string | undefined;

  constructor(onItem: (item: SitemapItem) => void) {
    this.#onItem = onItem;
  }

  /** True once nothing more can come out (root closed, not a sitemap, or malformed): stop reading. */
  get done(): boolean {
    return this.#mode === 'done';
  }

  write(chunk: string): void {
    if (this.#mode === 'done') return;
    this.#pending += chunk;
    if (this.#mode === 'start') {
      const first = this.#pending.search(/\S/);
      if (first === -1) return;
      this.#pending = this.#pending.slice(first);
      this.#mode = this.#pending.startsWith('<') ? 'xml' : 'text';
    }
    if (this.#mode === 'text') this.#readLines(false);
    else this.#readMarkup();
  }

  end(): void {
    if (this.#mode === 'text') this.#readLines(true);
    this.#mode = 'done';
    this.#pending = '';
  }

  #readLines(final: boolean): void {
    const lines = this.#pending.split(/\r\n|\r|\n/);
    // The last piece may be half a line: kept for the next chunk.
    this.#pending = final ? '' : (lines.pop() ?? '');
    if (this.#pending.length > MAX_TOKEN_LENGTH) this.#mode = 'done';
    for (const line of lines) {
      const loc = line.trim();
      if (loc !== '') this.#onItem({ type: 'page', loc, plainText: true });
    }
  }

  #readMarkup(): void {
    let at = 0;
    const text = this.#pending;
    while (this.#mode === 'xml' && at < text.length) {
      const open = text.indexOf('<', at);
      if (open === -1) {
        at = this.#takeText(text, at, text.length);
        break;
      }
      if (open > at) this.#takeText(text, at, open);
      const end = this.#markupEnd(text, open);
      if (end === undefined) {
        at = open; // incomplete: wait for more
        break;
      }
      this.#handleMarkup(text.slice(open, end));
      at = end;
    }
    this.#pending = text.slice(at);
    if (this.#pending.length > MAX_TOKEN_LENGTH) this.#mode = 'done';
  }

  /** Index just past the markup starting at `open`, or undefined when it is not complete yet. */
  #markupEnd(text: string, open: number): number | undefined {
    const rest = text.length - open;
    if (rest < 9 && '<![CDATA['.startsWith(text.slice(open)) && rest > 1) return undefined; // `<!`, `<![CD`: unknown yet
    const closing = (marker: string, from: number) => {
      const found = text.indexOf(marker, from);
      return found === -1 ? undefined : found + marker.length;
    };
    if (text.startsWith('<!--', open)) return closing('-->', open + 4);
    if (text.startsWith('<![CDATA[', open)) return closing(']]>', open + 9);
    if (text.startsWith('<?', open)) return closing('?>', open + 2);
    if (text.startsWith('<!', open)) {
      // A DOCTYPE with an internal subset ends at "]>"; without one at the first ">".
      const bracket = text.indexOf('[', open);
      const gt = text.indexOf('>', open);
      if (gt === -1) return undefined;
      return bracket !== -1 && bracket < gt ? closing(']>', bracket) : gt + 1;
    }
    const gt = text.indexOf('>', open);
    if (gt === -1) return undefined;
    const quoted = text.slice(open, gt);
    if (!quoted.includes('"') && !quoted.includes("'")) return gt + 1;
    let quote: string | undefined;
    for (let at = open + 1; at < text.length; at++) {
      const char = text[at];
      if (quote !== undefined) {
        if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'") quote = char;
      else if (char === '>') return at + 1;
    }
    return undefined;
  }

  #handleMarkup(markup: string): void {
    if (markup.startsWith('<![CDATA[')) {
      this.#append(markup.slice(9, -3));
      return;
    }
    if (markup.startsWith('<!') || markup.startsWith('<?')) return;
    const closing = markup[1] === '/';
    const start = closing ? 2 : 1;
    let end = start;
    while (end < markup.length && !NAME_END.has(markup[end])) end++;
    if (end === start) {
      this.#mode = 'done'; // "<" that opens nothing: not well-formed XML
      return;
    }
    const qualified = markup.slice(start, end);
    const name = qualified.slice(qualified.indexOf(':') + 1);
    if (closing) this.#close(name);
    else {
      this.#openElement(name);
      if (markup.endsWith('/>')) this.#close(name);
    }
  }

  #openElement(name: string): void {
    if (this.#depth < 3) this.#open.push(name);
    this.#depth += 1;
    const [root, item] = this.#open;
    if (this.#depth === 1 && root !== 'urlset' && root !== 'sitemapindex') this.#mode = 'done'; // an HTML page, a feed...
    if (this.#depth === 2 && item === (root === 'urlset' ? 'url' : 'sitemap')) {
      this.#loc = undefined;
      this.#lastmod = undefined;
    }
    if (this.#depth === 3 && item === (root === 'urlset' ? 'url' : 'sitemap') && (name === 'loc' || name === 'lastmod')) {
      this.#capture = { field: name, value: '' };
    }
  }

  #close(name: string): void {
    const [root, item] = this.#open;
    if (this.#depth === 3 && this.#capture !== undefined) {
      const value = this.#capture.value.trim();
      if (value !== '' && value.length <= MAX_VALUE_LENGTH) {
        if (this.#capture.field === 'loc') this.#loc ??= value;
        else this.#lastmod ??= value;
      }
      this.#capture = undefined;
    }
    if (this.#depth === 2 && this.#loc !== undefined) {
      if (root === 'urlset' && item === 'url' && name === 'url') {
        this.#onItem(this.#lastmod === undefined ? { type: 'page', loc: this.#loc } : { type: 'page', loc: this.#loc, lastmod: this.#lastmod });
      } else if (root === 'sitemapindex' && item === 'sitemap' && name === 'sitemap') this.#onItem({ type: 'sitemap', loc: this.#loc });
      this.#loc = undefined;
    }
    if (this.#depth <= 3) this.#open.pop();
    this.#depth -= 1;
    if (this.#depth <= 0) this.#mode = 'done';
  }

  /**
   * Text between `from` and `to`, decoded, into the value being captured; returns where it stopped. A
   * character reference cut by the chunk boundary (`&am`) is left for the next chunk.
   */
  #takeText(text: string, from: number, to: number): number {
    let stop = to;
    if (to === text.length) {
      const amp = text.lastIndexOf('&', to - 1);
      if (amp >= Math.max(from, to - 12) && !text.includes(';', amp)) stop = amp;
    }
    this.#append(decodeReferences(text.slice(from, stop)));
    return stop;
  }

  #append(value: string): void {
    if (this.#capture === undefined || this.#capture.value.length > MAX_VALUE_LENGTH) return;
    this.#capture.value += value;
  }
}

function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}
