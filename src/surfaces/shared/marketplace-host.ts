/**
 * Where a marketplace surface (Amazon, Walmart) reads a page, and the canonical URL it hands back. The site's
 * `baseUrl` config, when set, replaces every marketplace host (a fixture server in tests, a mirror); unset, the
 * marketplace the request's `domain` picks is read. The URLs in responses always name the real marketplace, so
 * they mean the same whichever server answered.
 */
export interface MarketplaceOrigins {
  /** Where requests go: the configured baseUrl's origin, or the real marketplace. */
  fetchOrigin: string;
  /** The real marketplace, e.g. https://www.amazon.de: the origin of the URLs in responses. */
  canonicalOrigin: string;
}

/** `site` is the registrable name without its suffix ("amazon"); `domain` the suffix ("de", "co.uk"). */
export function marketplaceOrigins(site: string, domain: string, baseUrl: string | undefined): MarketplaceOrigins {
  const canonicalOrigin = `https://www.${site}.${domain}`;
  return { fetchOrigin: baseUrl ? new URL(baseUrl).origin : canonicalOrigin, canonicalOrigin };
}

/** A path (with query) on the fetch origin, and the same path on the canonical one. */
export function marketplaceUrls(origins: MarketplaceOrigins, pathAndQuery: string): { fetchUrl: string; canonicalUrl: string } {
  return { fetchUrl: new URL(pathAndQuery, origins.fetchOrigin).href, canonicalUrl: new URL(pathAndQuery, origins.canonicalOrigin).href };
}
