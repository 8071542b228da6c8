import type { HTTPRequest, Page } from 'puppeteer-core';
import { ScrapioError } from '../../errors';

/**
 * The caller's `headers` (Authorization, Cookie, anything) are meant for the target, as with the plain HTTP
 * client: under render_js they go with the requests to the target's origin only, never to another origin the page
 * loads from, and not after a redirect left that origin (even one that comes back). Chromium's extra-headers
 * setting sends them everywhere, redirects included, so the request guard adds them per request instead; Chromium
 * applies headers given when a request is continued to that one hop, so a redirect starts without them.
 */

/** The origin of the URL each page was last sent to by navigate(); no caller header goes anywhere before that. */
const targets = new WeakMap<Page, string>();

/** Why Chromium refused to continue one of a page's requests with the caller's headers, once it did. */
const refusals = new WeakMap<Page, string>();

/** Names Chromium refuses in a continued request ("Unsafe header", Chromium 156), `proxy-*` aside. */
const UNSENDABLE = new Set(['connection', 'content-length', 'cookie2', 'host', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Before any navigation: the caller's headers that Chromium would refuse, as 400 invalid_request naming the header. */
export function assertBrowserCanSend(callerHeaders: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(callerHeaders)) {
    const lower = name.toLowerCase();
    if (UNSENDABLE.has(lower) || lower.startsWith('proxy-')) {
      throw new ScrapioError(
        'invalid_request',
        `headers.${name}: Chromium does not let a request carry this header (render_js, screenshots, sessions); drop it.`,
      );
    }
  }
}

/**
 * Called by the request guard when Chromium refused the caller's headers anyway: the request is failed at once
 * (it would wait for ever otherwise) and navigate() reports this instead of a network error.
 */
export function recordHeaderRefusal(page: Page, reason: string): void {
  if (!refusals.has(page)) refusals.set(page, reason);
}

/** The refusal recorded for this page, as the error to report, if there was one. */
export function headerRefusal(page: Page): ScrapioError | undefined {
  const reason = refusals.get(page);
  return reason === undefined ? undefined : new ScrapioError('invalid_request', `headers: Chromium refused the request headers (${reason}).`);
}

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
