/**
 * The base against which the document's relative URLs resolve: the first `<base href>`, itself resolved against
 * the final URL (HTML's rule), else the final URL. Computed here rather than read from `document.baseURI` so it
 * does not depend on the DOM implementation.
 */
export function documentBaseUrl(document: Document, finalUrl: string): string {
  // getElementsByTagName rather than querySelector('base[href]'): no selector compile on linkedom, same answer.
  const href = Array.from(document.getElementsByTagName('base'))
    .find((base) => base.hasAttribute('href'))
    ?.getAttribute('href');
  return (href && resolveUrl(href, finalUrl)) || finalUrl;
}

/** The absolute form of `href`, or undefined when it cannot be parsed. */
export function resolveUrl(href: string, base: string): string | undefined {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** The absolute http(s) URL of a link without its fragment; undefined for mailto:, javascript:, tel: and the like. */
export function resolveHttpLink(href: string, base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return url.href;
}
