import { dig, isRecord, num, readNextData, str } from './next-data';
import { layoutChanged } from './page-guard';

/** One product of a search results page, as the v1 WalmartSearchResponse lists it (before `position`). */
export interface SearchProduct {
  product_id: string | null;
  title: string | null;
  price: number | null;
  currency: string | null;
  rating: number | null;
  review_count: number | null;
  availability: string | null;
  image: string | null;
  url: string;
  brand: string | null;
  seller: string | null;
  free_shipping: boolean;
  two_day_shipping: boolean;
}

export interface Facets {
  brands: Array<{ name: string; count: number | null }>;
  ratings: Array<{ stars: number; count: number | null }>;
  price_ranges: Array<{ min: number | null; max: number | null; count: number | null }>;
}

export interface SearchPage {
  products: SearchProduct[];
  /** Results Walmart counts for the whole search (`aggregatedCount`), when it says. */
  totalResults: number | null;
  /** Last page Walmart offers (`paginationV2.maxPage`), when it says. */
  totalPages: number | null;
  facets: Facets;
}

const WHAT = 'Walmart search';

/**
 * A search results page: `props.pageProps.initialData.searchResult`, whose `itemStacks[].items[]` hold the
 * products among ad and banner placeholders (those have no `usItemId` and are skipped). A page without
 * `searchResult.itemStacks` is a changed layout; a page whose stacks hold no product is an empty result page.
 */
export function parseSearchPage(html: string, baseUrl: string): SearchPage {
  const data = readNextData(html, WHAT);
  const searchResult = dig(data, ['props', 'pageProps', 'initialData', 'searchResult']);
  const stacks = dig(searchResult, ['itemStacks']);
  if (!isRecord(searchResult) || !Array.isArray(stacks)) throw layoutChanged(WHAT, 'props.pageProps.initialData.searchResult.itemStacks');
  const products: SearchProduct[] = [];
  for (const stack of stacks) {
    const items = dig(stack, ['items']);
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const product = isRecord(item) ? toProduct(item, baseUrl) : undefined;
      if (product) products.push(product);
    }
  }
  return {
    products,
    totalResults: num(searchResult.aggregatedCount),
    totalPages: num(dig(searchResult, ['paginationV2', 'maxPage'])),
    facets: toFacets(searchResult.facets),
  };
}

function toProduct(item: Record<string, unknown>, baseUrl: string): SearchProduct | undefined {
  const productId = str(item.usItemId);
  if (!productId || (item.__typename !== undefined && item.__typename !== 'Product')) return undefined;
  const badges = fulfillmentTexts(item).join(' \n ');
  return {
    product_id: productId,
    title: str(item.name),
    price: num(dig(item, ['priceInfo', 'currentPrice', 'price'])) ?? num(item.price),
    currency: str(dig(item, ['priceInfo', 'currentPrice', 'currencyUnit'])) ?? (num(dig(item, ['priceInfo', 'currentPrice', 'price'])) !== null ? 'USD' : null),
    rating: num(item.averageRating),
    review_count: num(item.numberOfReviews),
    availability: str(dig(item, ['availabilityStatusV2', 'display'])) ?? str(item.availabilityStatusDisplayValue),
    image: str(dig(item, ['imageInfo', 'thumbnailUrl'])) ?? str(item.image),
    url: absolute(str(item.canonicalUrl) ?? `/ip/${productId}`, baseUrl),
    brand: str(item.brand),
    seller: str(item.sellerName),
    free_shipping: /free shipping|free delivery/i.test(badges),
    two_day_shipping: /\b2[- ]day|in 2 days|two[- ]day/i.test(badges),
  };
}

/** The texts of the fulfillment badges ("Free shipping, arrives in 2 days", "Pickup today"). */
function fulfillmentTexts(item: Record<string, unknown>): string[] {
  const texts: string[] = [];
  for (const key of ['fulfillmentBadgeGroups', 'fulfillmentBadges']) {
    const list = item[key];
    if (!Array.isArray(list)) continue;
    for (const badge of list) {
      if (typeof badge === 'string') texts.push(badge);
      else if (isRecord(badge)) texts.push(...[badge.text, badge.slaText].filter((value): value is string => typeof value === 'string'));
    }
  }
  return texts;
}

function toFacets(raw: unknown): Facets {
  const facets: Facets = { brands: [], ratings: [], price_ranges: [] };
  if (!Array.isArray(raw)) return facets;
  for (const facet of raw) {
    if (!isRecord(facet) || !Array.isArray(facet.values)) continue;
    const name = `${String(facet.name ?? '')} ${String(facet.title ?? '')}`.toLowerCase();
    for (const value of facet.values) {
      if (!isRecord(value)) continue;
      const count = num(value.itemCount);
      if (/brand/.test(name)) {
        const brand = str(value.name) ?? str(value.title);
        if (brand) facets.brands.push({ name: brand, count });
      } else if (/rating/.test(name)) {
        const stars = Number(/([1-5])/.exec(String(value.id ?? value.name ?? ''))?.[1]);
        if (stars) facets.ratings.push({ stars, count });
      } else if (/price/.test(name)) {
        const [min, max] = priceRange(value);
        if (min !== null || max !== null) facets.price_ranges.push({ min, max, count });
      }
    }
  }
  return facets;
}

/** A price facet value: `min`/`max` fields, else its label ("$10 - $25", "Under $10", "$100 and up"). */
function priceRange(value: Record<string, unknown>): [number | null, number | null] {
  const min = num(value.min);
  const max = num(value.max);
  if (min !== null || max !== null) return [min, max];
  const label = String(value.name ?? value.title ?? '');
  const amounts = [...label.matchAll(/\$\s*([\d,]+(?:\.\d+)?)/g)].map((match) => Number(match[1].replaceAll(',', '')));
  if (amounts.length >= 2) return [amounts[0], amounts[1]];
  if (amounts.length === 1) return /under|below|less/i.test(label) ? [0, amounts[0]] : [amounts[0], null];
  return [null, null];
}

export function absolute(path: string, baseUrl: string): string {
  try {
    return new URL(path, baseUrl).href;
  } catch {
    return new URL(`/ip/${encodeURIComponent(path)}`, baseUrl).href;
  }
}
