import type { FetchedDocument } from '../fetched-document';
import { selectorsNeedJsdom } from '../dom/css-selectors';
import { parseHtml, TooManyElementsError, type ParsedHtml } from '../dom/dom';
import { pageJson } from './json-output';
import { documentLinks } from './links';
import { mainContentMarkdown, mainContentText, selectMainContent } from '../content/main-content';
import { extractHtmlMetadata } from './metadata';
import { OutputCollector } from './output-collector';
import { extractSelectorFields } from './selector-fields';
import type { ExtractionLimits, OutputBundle, OutputRequest } from '../types';
import { throwIfAborted } from '../extraction-abort';
import { documentBaseUrl } from '../dom/urls';
import { collectPageFacts } from '../structured/heuristic/page-facts';
import { isStructuredSpec } from '../structured/structured-spec';

/**
 * The outputs of an HTML page from one parse: links, metadata and selector fields read the document as fetched;
 * then the main-content step rewrites that same document (cleaning, Readability) for markdown and text. A second
 * parse happens only when Readability's article is rejected, or when the request's CSS selectors need jsdom
 * (css-selectors.ts).
 */
export function buildHtmlOutputs(
  fetched: FetchedDocument,
  html: string,
  request: OutputRequest,
  options: { limits?: ExtractionLimits; signal?: AbortSignal } = {},
): OutputBundle {
  const { limits, signal } = options;
  const collector = new OutputCollector(request.output);
  collector.put('html', html);
  const domOutputs = request.output.filter((output) => output !== 'html' && output !== 'screenshot');
  const selectors = collector.wants('json') && request.extract?.mode === 'selectors' ? request.extract : undefined;
  // schema/instruction: the worker builds the markdown and the page's facts; the main thread builds the json from them.
  const structured = collector.wants('json') && isStructuredSpec(request.extract) ? request.extract : undefined;
  const pageMode = collector.wants('json') && !selectors && !structured;
  const needsMetadata = pageMode || structured !== undefined;
  const parsed: ParsedHtml[] = [];
  let engine: 'linkedom' | 'jsdom' = 'linkedom';
  const parse = (keepScripts = false): Document => {
    const page = parseHtml(html, fetched.finalUrl, { keepScripts, engine, maxElements: limits?.maxElements });
    parsed.push(page);
    throwIfAborted(signal);
    return page.document;
  };
  // The request's CSS selectors decide whether linkedom can serve it (the rule is in css-selectors.ts).
  const requestSelectors = [
    ...Object.values(selectors?.fields ?? {}).map((field) => field.selector),
    ...(request.includeSelectors ?? []),
    ...(request.excludeSelectors ?? []),
  ];
  const parseForRequest = (): Document => {
    const document = parse(selectors !== undefined);
    if (requestSelectors.length === 0 || !selectorsNeedJsdom(requestSelectors, document.compatMode === 'BackCompat')) return document;
    engine = 'jsdom';
    return parse(selectors !== undefined);
  };
  try {
    const document = collector.attempt(domOutputs, () => parseUnlessOverLimit(parseForRequest, domOutputs.length > 0));
    if (!document) return collector.bundle(undefined);
    const baseUrl = documentBaseUrl(document, fetched.finalUrl);

    if (collector.wants('links'))
      collector.put(
        'links',
        collector.attempt(['links'], () => documentLinks(document, baseUrl)),
      );
    const metadata = collector.attempt(needsMetadata ? ['metadata', 'json'] : ['metadata'], () => extractHtmlMetadata(document, fetched, baseUrl));
    // Facts are read from the document as fetched, before the main-content step rewrites it.
    const facts = structured?.mode === 'schema' ? collector.attempt(['json'], () => collectPageFacts(document)) : [];
    collector.put('metadata', metadata);
    if (selectors) {
      const result = collector.attempt(['json'], () => extractSelectorFields(document, selectors.fields));
      collector.put('json', result?.json);
      collector.failures.push(...(result?.failures ?? []));
    }

    throwIfAborted(signal);
    // Markdown, text and page JSON need the article; otherwise the cleaned body is enough for the search index.
    const needsArticle = collector.wants('markdown') || collector.wants('text') || needsMetadata;
    const content = collector.attempt(needsMetadata ? ['markdown', 'text', 'json'] : ['markdown', 'text'], () =>
      selectMainContent(document, needsArticle ? { ...request, pageTitle: metadata?.title } : { onlyMainContent: false }, (exactCopy) =>
        parse(exactCopy && selectors !== undefined),
      ),
    );
    if (!content) return collector.bundle(undefined);
    // Text first (read-only); markdown last, on the content itself rather than a copy (see htmlToMarkdown).
    throwIfAborted(signal);
    const text = collector.attempt(['text'], () => mainContentText(content));
    throwIfAborted(signal);
    const markdown =
      collector.wants('markdown') || needsMetadata
        ? collector.attempt(needsMetadata ? ['markdown', 'json'] : ['markdown'], () => mainContentMarkdown(content, baseUrl, { consume: true }))
        : undefined;
    collector.put('markdown', markdown);
    collector.put('text', text);
    if (pageMode && metadata && markdown !== undefined) collector.put('json', pageJson(metadata, markdown));
    const bundle = collector.bundle(text === undefined ? undefined : { title: content.title || metadata?.title || '', text });
    if (structured && markdown !== undefined && facts !== undefined) {
      bundle.structuredSource = { url: fetched.finalUrl, title: metadata?.title ?? content.title ?? '', markdown, facts };
    }
    return bundle;
  } finally {
    for (const page of parsed) page.close();
  }
}

/**
 * The parse, or undefined for a page over the element limit when only `html` was asked for: that output is the
 * page as fetched, and only the search index (not a requested output) would have read the DOM.
 */
function parseUnlessOverLimit(parse: () => Document, requestsDomOutputs: boolean): Document | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TooManyElementsError && !requestsDomOutputs) return undefined;
    throw error;
  }
}
