import type { AmazonSearchParams, Marketplace } from './amazon-client';
import type { AmazonSearchProduct } from './search-parser';

/** The request fields the v1 AmazonSearchResponse meta_data echoes. */
export interface SearchEcho extends AmazonSearchParams {
  country?: string;
}

/** The v1 AmazonSearchResponse (without request_id) for one page or a crawl's pages. */
export function amazonSearchResponse(
  query: SearchEcho,
  marketplace: Marketplace,
  found: { url: string; products: AmazonSearchProduct[]; numberOfResults: number | null },
  range?: { startPage: number; endPage: number; pagesReturned: number },
  page = range?.startPage ?? 1,
): Record<string, unknown> {
  const metaData: Record<string, unknown> = {
    url: found.url,
    query: query.search,
    page,
    sort_by: query.sort_by ?? null,
    merchant_id: query.merchant_id ?? null,
    country: query.country ?? null,
    domain: marketplace.domain,
    number_of_results: found.numberOfResults,
    number_of_products: found.products.length,
  };
  if (range) {
    metaData.start_page = range.startPage;
    metaData.end_page = range.endPage;
    metaData.pages_requested = range.endPage - range.startPage + 1;
    // The schema wants a positive count; a crawl that read no page has no result and fails before this.
    if (range.pagesReturned > 0) metaData.pages_returned = range.pagesReturned;
  }
  return { provider: 'amazon', page_type: 'search', meta_data: metaData, products: found.products };
}
