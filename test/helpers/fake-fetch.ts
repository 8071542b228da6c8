import type { FetchedDocument } from '../../src/extract/fetched-document';
import type { HttpRequestOptions } from '../../src/engine/http/http-client';
import type { FetchFn } from '../../src/engine/web/fetch-fn';

/** A canned answer: a status and body, or a function for answers that depend on the call (or throw). */
export type FakeRoute =
  | { status?: number; body: string | Buffer; contentType?: string; finalUrl?: string }
  | ((options: HttpRequestOptions) => Promise<FetchedDocument> | FetchedDocument);

export interface FakeFetch {
  fetch: FetchFn;
  /** Every call in order, for assertions on what was (not) fetched. */
  calls: HttpRequestOptions[];
  callsTo(url: string): number;
}

/** An in-memory FetchFn: unknown URLs answer 404, like a real site would. */
export function createFakeFetch(routes: Record<string, FakeRoute>): FakeFetch {
  const calls: HttpRequestOptions[] = [];
  const fetch: FetchFn = async (options) => {
    calls.push(options);
    const route = routes[options.url];
    if (typeof route === 'function') return route(options);
    if (route === undefined) return fakeDocument(options.url, { status: 404, body: 'not found' });
    return fakeDocument(options.url, route);
  };
  return { fetch, calls, callsTo: (url) => calls.filter((call) => call.url === url).length };
}

export function fakeDocument(
  url: string,
  { status = 200, body, contentType = 'text/plain', finalUrl = url }: { status?: number; body: string | Buffer; contentType?: string; finalUrl?: string },
): FetchedDocument {
  const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    requestedUrl: url,
    finalUrl,
    statusCode: status,
    headers: { 'content-type': contentType },
    contentType,
    body: buffer,
    text: typeof body === 'string' ? body : undefined,
    redirects: [],
  };
}
