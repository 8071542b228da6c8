import type { HTTPRequest, Page } from 'puppeteer-core';

/**
 * The caller's `headers` (Authorization, Cookie, anything) are meant for the target, as with the plain HTTP
 * client: under render_js they go with the requests to the target's origin only, never to another origin the page
 * loads from, and not after a redirect left that origin (even one that comes back). Chromium's extra-headers
 * setting sends them everywhere, redirects included, so the request guard adds them per request instead; Chromium
 * applies headers given when a request is continued to that one hop, so a redirect starts without them.
 */

/** The origin of the URL each page was last sent to by navigate(); no caller header goes anywhere before that. */
const targets = new WeakMap<Page, string>();

/** Called by navigate(): from now on the caller's headers belong to this URL's origin. */
export function setHeaderTarget(page: Page, url: string): void {
  targets.set(page, new URL(url).origin);
}

/** The headers to continue `request` with: its own plus the caller's when it goes to the target; else undefined. */
export function scopeCallerHeaders(page: Page, request: HTTPRequest, callerHeaders: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const target = targets.get(page);
  const hops = [...request.redirectChain().map((hop) => hop.url()), request.url()];
  if (target === undefined || !hops.every((url) => originOf(url) === target)) return undefined;
  const headers = { ...request.headers() };
  for (const [name, value] of Object.entries(callerHeaders)) headers[name.toLowerCase()] = value;
  return headers;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
