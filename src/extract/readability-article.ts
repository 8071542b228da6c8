import { isProbablyReaderable, Readability } from '@mozilla/readability';
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
