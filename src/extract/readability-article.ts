import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { isBuiltByParse5, parseFragmentIntoLinkedom } from './linkedom-tree-adapter';
import { collapsedLength, collapseWhitespace } from './whitespace';

export interface Article {
  title: string;
  /** The article element, inside the document Readability was given. */
  content: Element;
  /** Length of its text with whitespace collapsed. */
  textLength: number;
}

/**
 * Readability's article, or null when it finds none. Readability rewrites the document it is given: pass one
 * that nothing else reads afterwards.
 */
export function extractArticle(document: Document): Article | null {
  let result: ReturnType<Readability<Element>['parse']>;
  const restoreInnerHtml = parseBodyHtmlWithParse5(document);
  try {
    result = new Readability<Element>(document, {
      // The default strips every class, and with them the language-* classes that name a code block's language.
      keepClasses: true,
      // The element itself: serialising to HTML only for turndown to parse it again would double the cost.
      serializer: (node) => node as Element,
    }).parse();
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
    return isProbablyReaderable(document);
  } catch {
    return false;
  }
}

/**
 * When its first pass finds too little text, Readability restores the body from `body.innerHTML` (saved before it
 * started) and tries again with looser rules. linkedom's innerHTML setter parses with htmlparser2, which is not the
 * spec's parser and leaves a text node per character reference (so `a &gt; b` comes back as "a " + "> b", and
 * turndown escapes that `>`). While Readability runs, the body's innerHTML setter parses with parse5 instead;
 * the returned function puts linkedom's accessor back.
 */
function parseBodyHtmlWithParse5(document: Document): () => void {
  const body = document.body as Element | null;
  // jsdom's setter is parse5 already.
  if (!body || !isBuiltByParse5(document) || Object.prototype.hasOwnProperty.call(body, 'innerHTML')) return () => undefined;
  const inherited = Object.getPrototypeOf(body) as object;
  Object.defineProperty(body, 'innerHTML', {
    configurable: true,
    get: () => Reflect.get(inherited, 'innerHTML', body) as string,
    set: (html: string) => body.replaceChildren(parseFragmentIntoLinkedom(html, body, document)),
  });
  return () => void delete (body as Partial<Pick<Element, 'innerHTML'>>).innerHTML;
}
