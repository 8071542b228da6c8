import { resolveHttpLink } from '../dom/urls';

/** Absolute http(s) URLs of every `<a href>` in the document, fragment dropped, first occurrence kept, in document order. */
export function documentLinks(document: Document, baseUrl: string): string[] {
  const links = new Set<string>();
  for (const anchor of document.querySelectorAll('a[href]')) {
    const url = resolveHttpLink(anchor.getAttribute('href') ?? '', baseUrl);
    if (url) links.add(url);
  }
  return [...links];
}
