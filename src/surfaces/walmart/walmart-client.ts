import { HostScheduler } from '../../engine/web/host-scheduler';
import { parseRetryAfter } from '../../engine/web/retry-after';
import { ScrapioError } from '../../errors';
import type { FetchedDocument } from '../../extract/fetched-document';
import type { HttpRequestOptions } from '../../engine/http/http-client';
import { assertWalmartPage, isBlockedUrl } from './page-guard';
import { parseProductPage, type ProductDetails } from './product-parser';
import { parseSearchPage, type SearchPage } from './search-parser';

/** The `walmart` section of the config. */
export interface WalmartOptions {
  /** Replaces https://www.walmart.com (tests point it at a fixture server); unset, the real site is read. */
  baseUrl?: string;
  /** Spacing between the starts of two requests to Walmart, across every request and job. */
  perRequestDelayMs: number;
  /** One request to Walmart, redirects and body included. */
  requestTimeoutMs: number;
}

export const WALMART_URL = 'https://www.walmart.com';

/** What a search page request asks Walmart for: the v1 filters, as walmart.com's own search URL carries them. */
export interface SearchFilters {
  search: string;
  sort_by?: string;
  min_price?: number;
  max_price?: number;
  fulfillment_speed?: string;
  fulfillment_type?: string;
}

export interface FetchedSearchPage extends SearchPage {
  url: string;
}

const MAX_REDIRECTS = 5;

type Fetch = (options: HttpRequestOptions) => Promise<FetchedDocument>;

/**
 * Reads walmart.com's public pages through the server's HttpClient (so the SSRF policy and body caps apply),
 * politely: every request waits its turn at a HostScheduler spaced by walmart.perRequestDelayMs, and a 429
 * pauses the host. Redirects are followed here, so a redirect to /blocked is recognised as the bot check
 * rather than fetched.
 */
export class WalmartClient {
  readonly #fetch: Fetch;
  readonly #options: WalmartOptions;
  readonly #scheduler: HostScheduler;

  constructor(deps: { fetch: Fetch; options: WalmartOptions; scheduler?: HostScheduler }) {
    this.#fetch = deps.fetch;
    this.#options = deps.options;
    this.#scheduler = deps.scheduler ?? new HostScheduler({ perHostConcurrency: 1, perHostDelayMs: deps.options.perRequestDelayMs });
  }

  /** The site this client reads: walmart.baseUrl, or www.walmart.com. */
  get baseUrl(): string {
    return this.#options.baseUrl ?? WALMART_URL;
  }

  /** The URL of one search results page. */
  searchUrl(filters: SearchFilters, page: number): string {
    const url = new URL('/search', this.baseUrl);
    url.searchParams.set('q', filters.search);
    if (page > 1) url.searchParams.set('page', String(page));
    if (filters.sort_by) url.searchParams.set('sort', filters.sort_by);
    if (filters.min_price !== undefined) url.searchParams.set('min_price', String(filters.min_price));
    if (filters.max_price !== undefined) url.searchParams.set('max_price', String(filters.max_price));
    if (filters.fulfillment_speed) url.searchParams.append('facet', `fulfillment_speed:${filters.fulfillment_speed}`);
    if (filters.fulfillment_type) url.searchParams.append('facet', `fulfillment_method:${filters.fulfillment_type}`);
    return url.href;
  }

  async searchPage(filters: SearchFilters, page: number, signal?: AbortSignal): Promise<FetchedSearchPage> {
    const url = this.searchUrl(filters, page);
    const document = await this.#get(url, signal);
    return { url, ...parseSearchPage(assertWalmartPage(document, `Walmart search page ${page}`), this.baseUrl) };
  }

  async product(itemId: string, slug: string | undefined, signal?: AbortSignal): Promise<ProductDetails> {
    const url = new URL(slug ? `/ip/${slug}/${itemId}` : `/ip/${itemId}`, this.baseUrl).href;
    const document = await this.#get(url, signal);
    return parseProductPage(assertWalmartPage(document, `Walmart product ${itemId}`), itemId, this.baseUrl);
  }

  async #get(url: string, signal?: AbortSignal): Promise<FetchedDocument> {
    let current = url;
    for (let hop = 0; ; hop += 1) {
      const document = await this.#politely(current, signal);
      const location = document.headers.location;
      if (document.statusCode < 300 || document.statusCode >= 400 || !location) return document;
      const target = new URL(location, current).href;
      if (isBlockedUrl(target)) return { ...document, finalUrl: target };
      if (hop >= MAX_REDIRECTS) throw new ScrapioError('target_unreachable', `Walmart kept redirecting (${MAX_REDIRECTS} hops from ${url}).`);
      current = target;
    }
  }

  async #politely(url: string, signal?: AbortSignal): Promise<FetchedDocument> {
    const host = new URL(url).host;
    const release = await this.#scheduler.acquire(host, { signal });
    try {
      const document = await this.#fetch({
        url,
        headers: { accept: 'text/html,application/xhtml+xml', 'accept-language': 'en-US,en;q=0.9' },
        timeoutMs: this.#options.requestTimeoutMs,
        signal,
        followRedirects: false,
      });
      if (document.statusCode === 429 || document.statusCode === 503) {
        this.#scheduler.penalize(host, parseRetryAfter(document.headers['retry-after'], Date.now()));
      }
      return document;
    } finally {
      release();
    }
  }
}
