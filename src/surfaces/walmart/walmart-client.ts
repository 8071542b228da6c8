import type { HostScheduler } from '../../engine/web/host-scheduler';
import type { FetchedDocument } from '../../extract/fetched-document';
import { PoliteSiteFetch, type Fetch } from '../shared/polite-site-fetch';
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

/**
 * Reads walmart.com's public pages through the server's HttpClient (so the SSRF policy and body caps apply),
 * politely: every request waits its turn at a HostScheduler spaced by walmart.perRequestDelayMs, and a 429
 * pauses the host. Redirects are followed here, so a redirect to /blocked is recognised as the bot check
 * rather than fetched.
 */
export class WalmartClient {
  readonly #options: WalmartOptions;
  readonly #site: PoliteSiteFetch;

  constructor(deps: { fetch: Fetch; options: WalmartOptions; scheduler?: HostScheduler }) {
    this.#options = deps.options;
    this.#site = new PoliteSiteFetch(deps, {
      site: 'Walmart',
      perHostConcurrency: 1,
      headers: { accept: 'text/html,application/xhtml+xml', 'accept-language': 'en-US,en;q=0.9' },
      isInterstitial: isBlockedUrl,
    });
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

  #get(url: string, signal?: AbortSignal): Promise<FetchedDocument> {
    return this.#site.followingRedirects({ url }, signal);
  }
}
