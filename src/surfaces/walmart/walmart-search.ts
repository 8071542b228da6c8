import { ScrapioError } from '../../errors';
import type { FetchedSearchPage, SearchFilters, WalmartClient } from './walmart-client';
import type { Facets } from './search-parser';

/** Which Walmart pages a request reads: `first..last`, both included. */
export interface PagePlan {
  first: number;
  last: number;
}

/** The request fields the v1 response echoes (filters and location). */
export interface EchoedRequest extends SearchFilters {
  delivery_zip?: string;
  zip_code?: string;
  store_id?: string;
}

/** A page as the response builder needs it (fetched now, or read back from site_search_pages). */
export type ReadPage = FetchedSearchPage & { page: number };

/** The page range of a request; more than `maxPages` pages is a 400 naming the way to read more. */
export function planPages(first: number, last: number, maxPages: number, advice: string): PagePlan {
  if (last - first + 1 > maxPages) {
    throw new ScrapioError('invalid_request', `At most ${maxPages} result pages per request (asked for ${last - first + 1}); ${advice}`);
  }
  return { first, last };
}

/**
 * Reads pages first..last in order, yielding each as it completes. Stops early after a page with no products
 * or past Walmart's last page (`paginationV2.maxPage`): asking further would only repeat its last page.
 */
export async function* walkPages(client: WalmartClient, filters: SearchFilters, plan: PagePlan, signal?: AbortSignal): AsyncGenerator<ReadPage> {
  for (let page = plan.first; page <= plan.last; page += 1) {
    const read = await client.searchPage(filters, page, signal);
    yield { ...read, page };
    if (!hasNextPage(read, page)) return;
  }
}

/** Whether Walmart has a page after `page`: not after one with no products, nor past `paginationV2.maxPage`. */
export function hasNextPage(read: FetchedSearchPage, page: number): boolean {
  return read.products.length > 0 && (read.totalPages === null || page < read.totalPages);
}

/** The v1 WalmartSearchResponse (without request_id) for the pages read. */
export function searchResponse(request: EchoedRequest, plan: PagePlan, pages: ReadPage[], firstUrl: string): Record<string, unknown> {
  // Walmart repeats a product on a later page now and then (its ranking shifts between requests): listed once.
  const seen = new Set<string>();
  const unique = pages
    .flatMap((page) => page.products)
    .filter((product) => product.product_id === null || (!seen.has(product.product_id) && seen.add(product.product_id)));
  const products = unique.map((product, index) => ({ position: index + 1, ...product }));
  const summary = pages.find((page) => page.totalResults !== null || page.totalPages !== null) ?? pages[0];
  return {
    provider: 'walmart',
    page_type: 'search',
    meta_data: {
      url: pages[0]?.url ?? firstUrl,
      query: request.search,
      start_page: plan.first,
      page: plan.first,
      end_page: plan.last,
      pages_requested: plan.last - plan.first + 1,
      pages_returned: Math.max(1, pages.length),
      number_of_results: summary?.totalResults ?? null,
      number_of_products: products.length,
      total_pages: summary?.totalPages ?? null,
    },
    products,
    facets: { ...mergeFacets(pages.map((page) => page.facets)), applied_filters: appliedFilters(request) },
    location: locationOf(request),
  };
}

/** Facets are the whole search's, so the first page that has them speaks for all. */
function mergeFacets(all: Facets[]): Facets {
  return all.find((facets) => facets.brands.length + facets.ratings.length + facets.price_ranges.length > 0) ?? { brands: [], ratings: [], price_ranges: [] };
}

function appliedFilters(request: EchoedRequest): Record<string, unknown> {
  return {
    sort_by: request.sort_by ?? null,
    min_price: request.min_price ?? null,
    max_price: request.max_price ?? null,
    fulfillment_speed: request.fulfillment_speed ?? null,
    fulfillment_type: request.fulfillment_type ?? null,
  };
}

/** The v1 `location` object: the request's location parameters, and the marketplace read. */
export function locationOf(request: { delivery_zip?: string; zip_code?: string; store_id?: string }): Record<string, string | null> {
  return { delivery_zip: request.delivery_zip ?? null, zip_code: request.zip_code ?? null, store_id: request.store_id ?? null, domain: 'walmart.com' };
}
