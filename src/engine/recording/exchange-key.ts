import { createHash } from 'node:crypto';

/**
 * How a request finds its recording: method + normalised URL (+ a hash of the body when there is one, so two
 * POSTs to one URL with different bodies are two recordings). Normalising makes harmless differences match:
 * the fragment is dropped, the query is sorted, and the configured cache-buster parameters are left out.
 */

export interface ExchangeRequest {
  method: string;
  url: string;
  body?: string | Buffer;
}

export interface ExchangeKey {
  /** "GET http://host/path?a=1" or "POST http://host/form body:sha256:<hex>": what index.json lists. */
  key: string;
  method: string;
  /** The URL as matched: no fragment, sorted query, ignored parameters removed. */
  url: string;
  /** sha256 of the request body, hex; absent when the request has no body. */
  bodySha256?: string;
}

export function exchangeKey(request: ExchangeRequest, ignoreQueryParams: readonly string[]): ExchangeKey {
  const method = request.method.toUpperCase();
  const url = normaliseUrl(request.url, ignoreQueryParams);
  const bodySha256 = request.body === undefined || request.body.length === 0 ? undefined : sha256(request.body);
  return keyOf(method, url, bodySha256);
}

export function keyOf(method: string, url: string, bodySha256: string | undefined): ExchangeKey {
  const key = bodySha256 === undefined ? `${method} ${url}` : `${method} ${url} body:sha256:${bodySha256}`;
  return { key, method, url, bodySha256 };
}

export function normaliseUrl(url: string, ignoreQueryParams: readonly string[]): string {
  const parsed = new URL(url);
  parsed.hash = '';
  const ignored = new Set(ignoreQueryParams);
  // Sorted by name, then by value, so the order a page happened to write its parameters in does not matter.
  const params = [...parsed.searchParams].filter(([name]) => !ignored.has(name)).sort(([a, x], [b, y]) => compare(a, b) || compare(x, y));
  parsed.search = new URLSearchParams(params).toString();
  return parsed.href;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
