import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { withReadabilityShortcuts } from '../dom/linkedom-fast-paths';
import { isBuiltByParse5, parseFragmentIntoLinkedom } from '../dom/linkedom-tree-adapter';
import { collapsedLength, collapseWhitespace } from '../dom/whitespace';

export interface Article {
  title: string;
  /** The article element, inside the document Readability was given. */
  content: Element;
  /** Length of its text with whitespace collapsed. */
  textLength: number;
}

const READABILITY_OPTIONS = {
  // The default strips every class, and with them the language-* classes that name a code block's language.
  keepClasses: true,
  // The element itself: serialising to HTML only for turndown to parse it again would double the cost.
  serializer: (node: Node) => node as Element,
};

/**
 * Readability's article, or null when it finds none. Readability rewrites the document it is given: pass one
 * that nothing else reads afterwards. `samePageAgain`, when given, returns a new copy of `document` in the state
 * it has now (parsed and prepared the same way); Readability then needs one only if it retries (see
 * parseBodyHtmlWithParse5).
 */
export function extractArticle(document: Document, samePageAgain?: () => Document): Article | null {
  let result: ReturnType<Readability<Element>['parse']>;
  const restoreInnerHtml = parseBodyHtmlWithParse5(document, samePageAgain);
  try {
    result = withReadabilityShortcuts(() => new Readability<Element>(document, READABILITY_OPTIONS).parse());
  } catch {
    // Readability trips over some malformed trees; the caller then falls back to the cleaned body.
    return null;
  } finally {
    restoreInnerHtml();
  }
  if (!result?.content) return null;
  return {
    title: collapseWhitespace(result.title ?? ''),
    content: result.content,
    textLength: collapsedLength(result.textContent ?? ''),
  };
}

/** Readability's quick judgement of whether the page is an article at all (read-only). */
export function isReaderable(document: Document): boolean {
  try {
    return withReadabilityShortcuts(() => isProbablyReaderable(document));
  } catch {
    return false;
  }
}

/**
 * Stands for the body's HTML in Readability's hands (see parseBodyHtmlWithParse5). Control characters never reach
 * a parsed page (prepareHtml strips them), so no real body serialises to this.
 */
const DEFERRED_BODY_HTML = '\u0000scrapio: body HTML not serialised yet\u0000';

/**
 * Readability reads `body.innerHTML` once, at the start of its search, so that it can restore the body and try
 * again with looser rules when its first pass finds too little text; most pages never need it.
 *
 * - The setter: linkedom's parses with htmlparser2, which is not the spec's parser and leaves a text node per
 *   character reference (so `a &gt; b` comes back as "a " + "> b", and turndown escapes that `>`). While
 *   Readability runs, the body's setter parses with parse5 instead.
 * - The getter: serialising the whole body costs about a twentieth of the extraction. With `samePageAgain`, the
 *   first read returns DEFERRED_BODY_HTML instead, and the setter, given it back, serialises the body of a new
 *   copy of the page taken to the same point (bodyHtmlWhenSearchStarts): the same HTML, built only on a retry.
 *
 * The returned function puts linkedom's accessor back.
 */
function parseBodyHtmlWithParse5(document: Document, samePageAgain?: () => Document): () => void {
  const body = document.body as Element | null;
  // jsdom's setter is parse5 already.
  if (!body || !isBuiltByParse5(document) || Object.prototype.hasOwnProperty.call(body, 'innerHTML')) return () => undefined;
  const inherited = Object.getPrototypeOf(body) as object;
  let deferred = samePageAgain !== undefined;
  let snapshot: string | undefined;
  Object.defineProperty(body, 'innerHTML', {
    configurable: true,
    get: () => {
      if (!deferred) return Reflect.get(inherited, 'innerHTML', body) as string;
      deferred = false;
      return DEFERRED_BODY_HTML;
    },
    set: (html: string) => {
      if (html === DEFERRED_BODY_HTML && samePageAgain) html = snapshot ??= bodyHtmlWhenSearchStarts(samePageAgain());
      body.replaceChildren(parseFragmentIntoLinkedom(html, body, document));
    },
  });
  return () => void delete (body as Partial<Pick<Element, 'innerHTML'>>).innerHTML;
}

/** Thrown to stop Readability at its first read of the body's HTML, carrying that HTML. */
class BodyHtmlSnapshot {
  constructor(readonly html: string) {}
}

/**
 * The body's HTML as Readability reads it when its search starts: Readability itself takes `page` there (through
 * the steps it runs before, which rewrite the body: placeholder images and scripts removed, `<br>` runs made
 * paragraphs, `<font>` made `<span>`), and is stopped at that read.
 */
function bodyHtmlWhenSearchStarts(page: Document): string {
  const body = page.body as Element;
  const inherited = Object.getPrototypeOf(body) as object;
  Object.defineProperty(body, 'innerHTML', {
    configurable: true,
    get: () => {
      throw new BodyHtmlSnapshot(Reflect.get(inherited, 'innerHTML', body) as string);
    },
  });
  try {
    new Readability<Element>(page, READABILITY_OPTIONS).parse();
  } catch (stop) {
    if (stop instanceof BodyHtmlSnapshot) return stop.html;
    throw stop;
  }
  throw new Error('Readability did not read the body HTML of the copy of the page.');
}
