import { removeBoilerplate, removeNonContent, textLength } from './body-cleaner';
import { applyContentSelectors } from './content-filter';
import { htmlToMarkdown, tidyMarkdown } from '../outputs/markdown';
import { toPlainText } from '../outputs/plain-text';
import { removeLinkBlocks } from './link-blocks';
import { extractArticle, isReaderable, type Article } from './readability-article';
import type { OutputRequest } from '../types';
import { closestOf } from '../dom/dom-walk';
import { collapseWhitespace } from '../dom/whitespace';

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * Which of two candidates is the content: Readability's article, or the cleaned body (boilerplate and link-dense
 * blocks removed). The article wins outright when it holds CLEAR_ARTICLE_SHARE of the page's visible text; else it is
 * weighed against the cleaned body: kept when it holds CLEAR_ARTICLE_SHARE of that, or READERABLE_ARTICLE_SHARE when
 * Readability judges the page an article. Below that the article is a sliver (one story of a front page, one block of
 * a listing, a teaser) and the cleaned body has the text a reader came for.
 *
 * Measured with bench/quality.mjs: on the WCEB development pages (CleanEval, Google Trends) the old rule (the
 * article unless under 30% of the raw body, or 5% when readerable) lost most of the text of multi-story pages;
 * comparing with the cleaned body instead raised recall, and the readerable floor keeps Readability's own test
 * pages (long comment threads, heavy navigation) on their article.
 */
const CLEAR_ARTICLE_SHARE = 0.7;
const READERABLE_ARTICLE_SHARE = 0.3;

export interface MainContent {
  /** Readability's title when the content is its article; '' for a body. */
  title: string;
  /** The element whose content becomes markdown and text. */
  root: Element;
  /** Whether `title` goes on top of the converted content (the content does not open with that heading). */
  addTitle: boolean;
}

type ContentOptions = Pick<OutputRequest, 'onlyMainContent' | 'includeSelectors' | 'excludeSelectors'> & {
  /** The page's title (metadata), put on top of a cleaned body chosen as the main content. */
  pageTitle?: string;
};

/**
 * Picks and cleans what markdown and text are made of: the included subtrees when include selectors are given,
 * else the cleaned body when `onlyMainContent` is false, else Readability's article, unless it found none or only
 * a sliver of the page (see CLEAR_ARTICLE_SHARE), in which case the cleaned body with the page title on top; link-dense
 * blocks are removed from either. Rewrites `document` (read everything else from it first); `parseAgain` gives a
 * fresh copy of the page, needed when the article is not clearly the content, or when Readability retries. With `exactCopy` the copy must
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
  const articleContent = (found: Article): MainContent => {
    removeLinkBlocks(found.content);
    const opening = openingHeading(found.content);
    const addTitle = found.title !== '' && !(opening !== undefined && sameTitle(opening, found.title));
    return { title: found.title, root: found.content, addTitle };
  };
  if (article && article.textLength >= bodyLength * CLEAR_ARTICLE_SHARE) return articleContent(article);

  const cleaned = prepareBody(parseAgain(false), true);
  removeLinkBlocks(cleaned);
  if (article) {
    const cleanedLength = textLength(cleaned);
    if (article.textLength >= cleanedLength * CLEAR_ARTICLE_SHARE) return articleContent(article);
    if (article.textLength >= cleanedLength * READERABLE_ARTICLE_SHARE && isReaderable(samePageAgain())) return articleContent(article);
  }
  return titledBody(cleaned, options.pageTitle ?? '');
}

/** The cleaned body as the content, under the page's title unless the body opens with that heading already. */
function titledBody(root: Element, title: string): MainContent {
  const opening = openingHeading(root);
  return { title, root, addTitle: title !== '' && !(opening !== undefined && sameTitle(opening, title)) };
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
