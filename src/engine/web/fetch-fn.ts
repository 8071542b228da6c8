import type { FetchedDocument } from '../../extract/fetched-document';
import type { HttpRequestOptions, StreamedResponse } from '../http/http-client';

/**
 * What the crawl building blocks need from the HTTP client: `(options) => httpClient.request(options)`.
 * Depending on this function type rather than on the client class keeps robots and sitemap code testable
 * with in-memory fakes. Non-2xx statuses resolve; policy refusals, timeouts and unreachable targets reject.
 */
export type FetchFn = (options: HttpRequestOptions) => Promise<FetchedDocument>;

/** `(options, consume) => httpClient.stream(options, consume)`: a body read as a stream (sitemaps). */
export type StreamFn = <T>(options: HttpRequestOptions, consume: (response: StreamedResponse) => Promise<T>) => Promise<T>;
