import type { FetchedDocument } from '../fetched-document';
import type { PageMetadata } from '../types';
import { resolveUrl } from '../dom/urls';
import { collapseWhitespace } from '../dom/whitespace';

/** The fields every document has, whatever its type. */
export function responseMetadata(fetched: FetchedDocument): PageMetadata {
  return {
    og: {},
    twitter: {},
    status_code: fetched.statusCode,
    final_url: fetched.finalUrl,
    content_type: fetched.contentType,
  };
}

/** Title, description, language, canonical, og:*, twitter:* and dates of an HTML document (read-only). */
export function extractHtmlMetadata(document: Document, fetched: FetchedDocument, baseUrl: string): PageMetadata {
  const meta = readMetaTags(document);
  const metadata = responseMetadata(fetched);
  for (const [key, value] of meta) {
    if (key.startsWith('og:')) metadata.og[key.slice(3)] ??= value;
    else if (key.startsWith('twitter:')) metadata.twitter[key.slice(8)] ??= value;
  }

  const title = textOf(document.querySelector('head title') ?? document.querySelector('title')) || meta.get('og:title');
  const description = meta.get('description') ?? meta.get('og:description') ?? meta.get('twitter:description');
  const language = document.documentElement?.getAttribute('lang')?.trim() || meta.get('content-language') || meta.get('language') || meta.get('dc.language');
  const canonical = canonicalUrl(document, baseUrl);
  const jsonLd = readJsonLd(document);
  const published =
    meta.get('article:published_time') ??
    meta.get('datepublished') ??
    findJsonLdString(jsonLd, 'datePublished') ??
    meta.get('pubdate') ??
    meta.get('publishdate') ??
    meta.get('dc.date.issued') ??
    meta.get('parsely-pub-date') ??
    firstTimeElement(document);
  const modified =
    meta.get('article:modified_time') ??
    meta.get('datemodified') ??
    findJsonLdString(jsonLd, 'dateModified') ??
    meta.get('og:updated_time') ??
    meta.get('dcterms.modified');

  if (title) metadata.title = title;
  if (description) metadata.description = description;
  if (language) metadata.language = language;
  if (canonical) metadata.canonical = canonical;
  if (published) metadata.published_at = published;
  if (modified) metadata.modified_at = modified;
  return metadata;
}

/**
 * Every `<meta>` keyed by lowercased name, property, itemprop or http-equiv; the first value wins. `property`
 * may hold several space-separated names (RDFa), each of which gets the value.
 */
function readMetaTags(document: Document): Map<string, string> {
  const tags = new Map<string, string>();
  for (const element of document.querySelectorAll('meta[content]')) {
    const content = collapseWhitespace(element.getAttribute('content') ?? '');
    if (!content) continue;
    const names = [
      ...(element.getAttribute('property') ?? '').split(/\s+/),
      element.getAttribute('name') ?? '',
      element.getAttribute('itemprop') ?? '',
      element.getAttribute('http-equiv') ?? '',
    ];
    for (const name of names) {
      const key = name.trim().toLowerCase();
      if (key && !tags.has(key)) tags.set(key, content);
    }
  }
  return tags;
}

function canonicalUrl(document: Document, baseUrl: string): string | undefined {
  for (const link of document.querySelectorAll('link[rel][href]')) {
    const rels = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('canonical')) return resolveUrl(link.getAttribute('href') ?? '', baseUrl);
  }
  return undefined;
}

function readJsonLd(document: Document): unknown[] {
  const blocks: unknown[] = [];
  for (const script of document.querySelectorAll('script[type]')) {
    if (!/^\s*application\/ld\+json\s*$/i.test(script.getAttribute('type') ?? '')) continue;
    try {
      blocks.push(JSON.parse(script.textContent ?? ''));
    } catch {
      // Broken JSON-LD is common; the other sources still apply.
    }
  }
  return blocks;
}

/** The first string value of `key` in the JSON-LD blocks, depth-first (covers `@graph` and nested objects). */
function findJsonLdString(blocks: unknown[], key: string): string | undefined {
  const stack: unknown[] = [...blocks].reverse();
  let visited = 0;
  // The bound keeps a hostile, enormous JSON-LD block from costing more than a bounded walk.
  while (stack.length > 0 && visited++ < 10_000) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (value && typeof value === 'object') {
      const found = (value as Record<string, unknown>)[key];
      if (typeof found === 'string' && found.trim()) return found.trim();
      const children = Object.values(value);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return undefined;
}

function firstTimeElement(document: Document): string | undefined {
  const time = document.querySelector('time[datetime]');
  return time?.getAttribute('datetime')?.trim() || undefined;
}

function textOf(element: Element | null): string {
  return element ? collapseWhitespace(element.textContent ?? '') : '';
}
