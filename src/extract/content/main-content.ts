import { removeBoilerplate, removeNonContent, textLength } from './body-cleaner';
import { applyContentSelectors } from './content-filter';
import { htmlToMarkdown, tidyMarkdown } from '../outputs/markdown';
import { toPlainText } from '../outputs/plain-text';
import { extractArticle, isReaderable } from './readability-article';
import type { OutputRequest } from '../types';
import { closestOf } from '../dom/dom-walk';
import { collapseWhitespace } from '../dom/whitespace';

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * Readability's article gives way to the cleaned body when its text is under this share of the page's visible
 * text (scripts, styles and hidden nodes removed) and Readability does not judge the page readerable: the
 * article is then a sliver (one teaser of a listing page, a caption). A readerable page keeps its article down to
 * MIN_READERABLE_SHARE: on Readability's 122 readerable test pages the share goes as low as 0.15 (long comment
 * threads, heavy navigation), so a plain 30% rule would throw away one real article in ten.
 */
const MIN_ARTICLE_SHARE = 0.3;
const MIN_READERABLE_SHARE = 0.05;

export interface MainContent {
  /** Readability's title when the content is its article; '' for a body. */
  title: string;
  /** The element whose content becomes markdown and text. */
  root: Element;
  /** Whether `title` goes on top of the converted content (the content does not open with that heading). */
  addTitle: boolean;
}

type ContentOptions = Pick<OutputRequest, 'onlyMainContent' | 'includeSelectors' | 'excludeSelectors'>;

/**
 * Picks and cleans what markdown and text are made of: the included subtrees when include selectors are given,
 * else the cleaned body when `onlyMainContent` is false, else Readability's article, unless it found none or only
 * a sliver of the page (see MIN_ARTICLE_SHARE), in which case the cleaned body. Rewrites `document` (read
 * everything else from it first); `parseAgain` gives a fresh copy of the page, needed only when the article is
 * rejected after Readability has rewritten the first, or when Readability retries. With `exactCopy` the copy must
 * be parsed exactly as `document` was (same options); otherwise it may leave out what no output reads.
 */
export function selectMainContent(document: Document, options: ContentOptions, parseAgain: (exactCopy: boolean) => Document): MainContent {
  const prepareBody = (page: Document, boilerplate: boolean): Element => {
    const body = page.body ?? page.documentElement;
    applyContentSelectors(body, options.includeSelectors, options.excludeSelectors);
    removeNonContent(body);
    if (boilerplate) removeBoilerplate(body);
    return body;
  };
  const wholeBody = (root: Element): MainContent => ({ title: '', root, addTitle: false });

  if (options.includeSelectors?.length) return wholeBody(prepareBody(document, false));
  if (options.onlyMainContent === false) return wholeBody(prepareBody(document, true));
  // Readability gets the page with its navigation, header and footer: it weighs them itself, and removing them
  // first made its choice worse on Readability's own test pages.
  const body = prepareBody(document, false);

  const bodyLength = textLength(body);
  // The page as it is now, for Readability's retries and its readerable judgement: a copy made the same way, on
  // demand (Readability rewrites `document`).
  const samePageAgain = (): Document => {
    const copy = parseAgain(true);
    prepareBody(copy, false);
    return copy;
  };
  const article = extractArticle(document, samePageAgain);
  if (article && keepsArticle(article.textLength, bodyLength, () => isReaderable(samePageAgain()))) {
    const opening = openingHeading(article.content);
    const addTitle = article.title !== '' && !(opening !== undefined && sameTitle(opening, article.title));
    return { title: article.title, root: article.content, addTitle };
  }
  return wholeBody(prepareBody(parseAgain(false), true));
}

/**
 * Whether an article with this much of the body's text is the content (see MIN_ARTICLE_SHARE). Readability's
 * readerable judgement decides only between the two thresholds, so it is asked only there.
 */
function keepsArticle(articleLength: number, bodyLength: number, readerable: () => boolean): boolean {
  if (articleLength >= bodyLength * MIN_ARTICLE_SHARE) return true;
  return articleLength >= bodyLength * MIN_READERABLE_SHARE && readerable();
}

/**
 * The content as markdown. With `consume`, the conversion works on `content.root` itself instead of a copy and
 * leaves it changed (whitespace trimmed): build every other output from the content first.
 */
export function mainContentMarkdown(content: MainContent, baseUrl: string, options: { consume?: boolean } = {}): string {
  const markdown = htmlToMarkdown(content.root, baseUrl, options);
  if (!content.addTitle) return markdown;
  return tidyMarkdown(`# ${content.title.replace(/[\\`*_[\]]/g, '\\$&')}\n\n${markdown}`);
}

export function mainContentText(content: MainContent): string {
  const text = toPlainText(content.root);
  return content.addTitle ? `${content.title}\n\n${text}`.trim() : text;
}

/** The text of the heading the content opens with, if its first words are in a heading. */
function openingHeading(root: Element): string | undefined {
  const text = firstText(root);
  if (!text?.parentElement) return undefined;
  const heading = closestOf(text.parentElement, HEADINGS);
  return heading && root.contains(heading) ? collapseWhitespace(heading.textContent ?? '') : undefined;
}

/** The first text node under `node` with more than whitespace, in document order. */
function firstText(node: Node): Node | undefined {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3 && (child.nodeValue ?? '').trim() !== '') return child;
    const found = child.nodeType === 1 ? firstText(child) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Same words, or one the start of the other ("Title" and "Title: a subtitle"). */
function sameTitle(heading: string, title: string): boolean {
  const words = (text: string): string =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const a = words(heading);
  const b = words(title);
  return a !== '' && b !== '' && (a.startsWith(b) || b.startsWith(a));
}
