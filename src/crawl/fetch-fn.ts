import type { FetchedDocument } from '../engine/fetched-document';

/**
 * The slice of `HttpClient.request` that the crawl building blocks need. Depending on this function type
 * rather than on the client class keeps robots and sitemap code testable with in-memory fakes; the crawl
 * runner passes `(options) => httpClient.request(options)`.
 */
export interface CrawlFetchOptions {
  url: string;
  timeoutMs: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  maxResponseBytes?: number;
}

/** Non-2xx statuses resolve; policy refusals, timeouts and unreachable targets reject (ScrapioError). */
export type FetchFn = (options: CrawlFetchOptions) => Promise<FetchedDocument>;
