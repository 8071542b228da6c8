/**
 * URL normalisation for the crawl frontier. Two levels, on purpose:
 *
 * - `normalizeUrl` produces the URL that is fetched and reported. It only applies rewrites that RFC 3986
 *   §6.2.2 and the WHATWG URL parser guarantee to be equivalent, so it never invents a URL that no page
 *   linked to: relative references resolved, http/https only, scheme and host lowercased (IDNs in
 *   punycode), default port dropped, dot segments resolved, fragment dropped, an empty `?` dropped,
 *   percent-encoding with uppercase hex and unreserved characters (A–Z a–z 0–9 - . _ ~) decoded.
 *   Kept as they are: query parameter order (servers and signed URLs may depend on it), `//` in the path
 *   (S3-style stores and some routers treat `/a//b` and `/a/b` as different resources), credentials,
 *   a trailing dot on the host, and `index.html`-style file names.
 *
 * - `dedupeKey` maps URL variants that almost every server answers with the same page onto one key:
 *   `/a`, `/a/` and `/a/index.html` (also `index.htm`, `index.php`, lowercase only since file systems are
 *   case-sensitive). These rewrites are safe for deduplication but not for fetching, because a server that
 *   does not serve a directory index (or answers `/a` with a redirect loop) would fail on the invented
 *   variant; so the frontier stores the URL as discovered and dedupes on the key.
 */

/** Longer URLs are almost always crawler traps (session ids, calendars, endlessly nested relative links). */
const MAX_URL_LENGTH = 8192;

const INDEX_FILE = /\/index\.(?:html?|php)$/;

export function normalizeUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  if (url.pathname.includes('%')) url.pathname = normalizePercentEncoding(url.pathname);
  if (url.search.includes('%')) url.search = normalizePercentEncoding(url.search);
  // The getter returns '' for both "no query" and "empty query"; setting '' makes it "no query", dropping a bare `?`.
  if (url.search === '') url.search = '';
  const href = url.href;
  return href.length > MAX_URL_LENGTH ? null : href;
}

/** The frontier's identity of a normalised URL (see the file comment); the URL itself stays as discovered. */
export function dedupeKey(normalizedUrl: string): string {
  let url: URL;
  try {
    url = new URL(normalizedUrl);
  } catch {
    return normalizedUrl;
  }
  let path = url.pathname.replace(INDEX_FILE, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  url.pathname = path;
  return url.href;
}

/**
 * How `same_domain_only` compares hosts. Without a public-suffix list the registrable domain cannot be
 * computed reliably, so subdomains (blog.example.com) are always other sites.
 * - `www-insensitive` (what the crawl uses): `example.com` and `www.example.com` are one site, because
 *   sites routinely link between the two and a seed typed without `www.` must not lose the whole site.
 * - `exact-host`: hostnames must be equal.
 * Scheme and port are ignored in both modes: a domain has neither, and http→https links stay in scope.
 */
export type SameSiteMode = 'www-insensitive' | 'exact-host';

/** A test for "same site as one of these seeds", with the seeds' hosts parsed once (it runs for every link). */
export function sameSiteAsAny(seeds: readonly string[], mode: SameSiteMode = 'www-insensitive'): (url: string) => boolean {
  const siteOf = (host: string): string => (mode === 'exact-host' ? host : withoutWww(host));
  const sites = new Set(seeds.flatMap((seed) => hostnameOf(seed) ?? []).map(siteOf));
  return (url) => {
    const host = hostnameOf(url);
    return host !== null && sites.has(siteOf(host));
  };
}

function hostnameOf(raw: string): string | null {
  try {
    return new URL(raw).hostname;
  } catch {
    return null;
  }
}

/** Strips a leading `www.` only when a domain with a dot remains (`www.com` stays as it is). */
function withoutWww(hostname: string): string {
  return hostname.startsWith('www.') && hostname.indexOf('.', 4) !== -1 ? hostname.slice(4) : hostname;
}

/** RFC 3986 §6.2.2.1–2: uppercase hex digits, decode octets of unreserved characters. */
function normalizePercentEncoding(component: string): string {
  return component.replace(/%([0-9a-fA-F]{2})/g, (_match, hex: string) => {
    const code = Number.parseInt(hex, 16);
    return isUnreserved(code) ? String.fromCharCode(code) : `%${hex.toUpperCase()}`;
  });
}

function isUnreserved(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    code === 0x2e || // .
    code === 0x5f || // _
    code === 0x7e // ~
  );
}
