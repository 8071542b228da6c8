import type { HTTPRequest, Page } from 'puppeteer-core';
import { coerceError, type ScrapioError } from '../../errors';

/**
 * Chromium's requests under record/replay (config `testing.record` / `testing.replay`): instead of going out
 * through the egress proxy, each request is handed to the engine's HTTP client, one hop at a time (redirects
 * come back to Chromium as 3xx answers and are followed by it, each hop its own request), and Chromium is
 * given the answer by request interception (Fetch.fulfillRequest). The client records or replays the hop,
 * so HTTPS is recorded in the clear and replay needs no connection at all; the SSRF policy applies in the
 * client when it does go to the network.
 */

export interface BrowserExchangeRequest {
  method: 'GET' | 'HEAD' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface BrowserExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** `(request) => httpClient.request({ ...request, followRedirects: false })`, wired in main.ts. */
export type BrowserExchange = (request: BrowserExchangeRequest) => Promise<BrowserExchangeResponse>;

/** The client sets its own: Chromium's accept-encoding may name codings the client cannot undo. */
const NOT_FORWARDED = new Set(['accept-encoding', 'host', 'connection', 'content-length', 'keep-alive', 'proxy-connection']);

/** Why the page's last document request could not be answered (a missing recording, a refused URL). */
const documentFailures = new WeakMap<Page, ScrapioError>();

/** Answers one intercepted request through the exchange; never throws (a closing page is routine). */
export function answerThroughExchange(page: Page, request: HTTPRequest, exchange: BrowserExchange, headers: Record<string, string>): void {
  const method = request.method();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    // The HTTP client records GET, HEAD and POST only: another method (a CORS preflight, a PUT) is failed in
    // record and replay alike, so a replay sees what the recording saw.
    request.abort('failed').catch(() => undefined);
    return;
  }
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!NOT_FORWARDED.has(name.toLowerCase())) forwarded[name.toLowerCase()] = value;
  exchange({ method, url: request.url(), headers: forwarded, body: request.postData() })
    .then((response) => request.respond({ status: response.status, headers: response.headers, body: response.body }))
    .catch((error: unknown) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) documentFailures.set(page, coerceError(error));
      return request.abort('failed');
    })
    .catch(() => undefined);
}

/** The error behind a failed main-document request of this page, once: navigate() reports it instead of net::ERR_FAILED. */
export function takeDocumentFailure(page: Page): ScrapioError | undefined {
  const failure = documentFailures.get(page);
  documentFailures.delete(page);
  return failure;
}

/** Called before each navigation, so a failure of an earlier page of the tab is not reported for this one. */
export function clearDocumentFailure(page: Page): void {
  documentFailures.delete(page);
}
