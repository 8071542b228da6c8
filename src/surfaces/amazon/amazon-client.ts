import type { HostScheduler } from '../../engine/web/host-scheduler';
import type { FetchedDocument } from '../../extract/fetched-document';
import { marketplaceOrigins, marketplaceUrls, type MarketplaceOrigins } from '../shared/marketplace-host';
import { PoliteSiteFetch, type Fetch } from '../shared/polite-site-fetch';
import { amazonDomain, AMAZON_MARKETPLACES } from './amazon-marketplaces';
import { assertAmazonPage } from './amazon-page-guard';
import { parseOffersPage, type AmazonPricing } from './offers-parser';
import { parseProductPage, type AmazonProduct } from './product-parser';
import { parseSearchPage, type AmazonSearchPage } from './search-parser';

/** The `amazon` section of the config. */
export interface AmazonOptions {
  /** Unset: the request's `domain` picks the marketplace host. Set: every request goes to this origin (a fixture server in tests). */
  baseUrl?: string;
  /** Spacing between the starts of two requests to one Amazon host, across every request and job. */
  perRequestDelayMs: number;
  /** One request to Amazon, redirects and body included, unless the request's timeout_ms is shorter. */
  requestTimeoutMs: number;
}

/** Which marketplace, in which language; `timeoutMs` caps this one call (the request's timeout_ms). */
export interface AmazonLocale {
  domain?: string;
  country?: string;
  language?: string;
  timeoutMs?: number;
}

export interface AmazonSearchParams extends AmazonLocale {
  search: string;
  merchant_id?: string;
  sort_by?: string;
}

/** A parsed page with the marketplace it came from. */
export interface Marketplace {
  domain: string;
  origins: MarketplaceOrigins;
  currency: string;
}

/**
 * Reads Amazon's public pages (search results, product pages, the "All offers" panel) through the server's
 * HttpClient, so the SSRF policy and body caps apply, one polite request at a time per host: every request
 * waits its turn at a HostScheduler spaced by amazon.perRequestDelayMs, and a 429/503 pauses the host.
 */
export class AmazonClient {
  readonly #options: AmazonOptions;
  readonly #site: PoliteSiteFetch;

  constructor(deps: { fetch: Fetch; options: AmazonOptions; scheduler?: HostScheduler }) {
    this.#options = deps.options;
    this.#site = new PoliteSiteFetch(deps, { site: 'Amazon', perHostConcurrency: 2 });
  }

  marketplace(locale: AmazonLocale): Marketplace {
    const domain = amazonDomain(locale.domain, locale.country);
    return { domain, origins: marketplaceOrigins('amazon', domain, this.#options.baseUrl), currency: AMAZON_MARKETPLACES[domain].currency };
  }

  /** Result page `page` of a search (/s?k=…&page=n). */
  async searchPage(params: AmazonSearchParams, page: number, signal?: AbortSignal): Promise<AmazonSearchPage & { url: string; marketplace: Marketplace }> {
    const marketplace = this.marketplace(params);
    const query = new URLSearchParams({ k: params.search });
    if (page > 1) query.set('page', String(page));
    if (params.merchant_id) query.set('me', params.merchant_id);
    if (params.sort_by) query.set('s', params.sort_by);
    if (params.language) query.set('language', params.language);
    const { fetchUrl, canonicalUrl } = marketplaceUrls(marketplace.origins, `/s?${query}`);
    const html = assertAmazonPage(await this.#get(fetchUrl, params, signal), `Amazon search page ${page}`);
    const parsed = parseSearchPage(
      html,
      { canonicalOrigin: marketplace.origins.canonicalOrigin, currency: marketplace.currency },
      `Amazon search page ${page}`,
    );
    return { ...parsed, url: canonicalUrl, marketplace };
  }

  async product(asin: string, locale: AmazonLocale, signal?: AbortSignal): Promise<AmazonProduct> {
    const marketplace = this.marketplace(locale);
    const { fetchUrl } = marketplaceUrls(marketplace.origins, withLanguage(`/dp/${asin}`, locale));
    const html = assertAmazonPage(await this.#get(fetchUrl, locale, signal), `Amazon product ${asin}`);
    return parseProductPage(html, { asin, canonicalOrigin: marketplace.origins.canonicalOrigin, currency: marketplace.currency });
  }

  /** The "All offers" panel Amazon's product page loads (the AOD ajax page). */
  async pricing(asin: string, locale: AmazonLocale, signal?: AbortSignal): Promise<AmazonPricing> {
    const marketplace = this.marketplace(locale);
    const { fetchUrl } = marketplaceUrls(marketplace.origins, withLanguage(`/gp/aod/ajax?asin=${asin}&pc=dp`, locale));
    const html = assertAmazonPage(await this.#get(fetchUrl, locale, signal), `Amazon offers of ${asin}`);
    return parseOffersPage(html, { asin, canonicalOrigin: marketplace.origins.canonicalOrigin, currency: marketplace.currency });
  }

  #get(url: string, locale: AmazonLocale, signal?: AbortSignal): Promise<FetchedDocument> {
    const headers: Record<string, string> = { accept: 'text/html,application/xhtml+xml' };
    if (locale.language) headers['accept-language'] = locale.language.replace('_', '-');
    return this.#site.fetch({ url, headers }, signal, locale.timeoutMs);
  }
}

function withLanguage(path: string, locale: AmazonLocale): string {
  if (!locale.language) return path;
  return `${path}${path.includes('?') ? '&' : '?'}language=${encodeURIComponent(locale.language)}`;
}
