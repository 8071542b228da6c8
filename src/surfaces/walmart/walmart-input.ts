import { z } from 'zod';

/**
 * The v1 Walmart request schemas (WalmartSearchQuery, WalmartSearchCrawlQuery, WalmartProductQuery), closed
 * as the spec writes them. Every one is a GET query string, so numbers arrive as digit strings (`^\d+$`);
 * they are read into numbers here. Pages and timeouts must be at least 1; prices may be 0.
 */

const text = z.string().min(1, 'must not be empty');
const digits = z.string().regex(/^\d+$/, 'must be a string of digits such as "3"');
const count = (max: number, what: string) =>
  digits.transform(Number).pipe(z.number().int().min(1, `${what} must be at least 1`).max(max, `${what} must be at most ${max}`));
const price = digits.transform(Number).pipe(z.number().int().max(Number.MAX_SAFE_INTEGER));
const device = z.enum(['desktop', 'mobile', 'tablet']);

/** Where and how: the parameters every Walmart request shares. */
const location = {
  delivery_zip: text.optional(),
  zip_code: text.optional(),
  store_id: text.optional(),
  device: device.optional(),
  timeout_ms: count(Number.MAX_SAFE_INTEGER, 'timeout_ms').optional(),
};

const filters = {
  search: text,
  sort_by: text.optional(),
  min_price: price.optional(),
  max_price: price.optional(),
  fulfillment_speed: text.optional(),
  fulfillment_type: text.optional(),
};

const priceOrder = (query: { min_price?: number; max_price?: number }) =>
  query.min_price === undefined || query.max_price === undefined || query.max_price >= query.min_price;
const priceOrderIssue = { message: 'max_price must not be smaller than min_price', path: ['max_price'] };

/** GET /v1/walmart/search: `page` is the first result page, `pages` how many to read from there. */
export const searchQuerySchema = z
  .strictObject({ ...filters, ...location, page: count(Number.MAX_SAFE_INTEGER, 'page').optional(), pages: count(Number.MAX_SAFE_INTEGER, 'pages').optional() })
  .refine(priceOrder, priceOrderIssue);

export type WalmartSearchQuery = z.infer<typeof searchQuerySchema>;

const crawlShape = {
  ...filters,
  ...location,
  start_page: count(Number.MAX_SAFE_INTEGER, 'start_page').optional(),
  end_page: count(Number.MAX_SAFE_INTEGER, 'end_page'),
};

/** GET /v1/walmart/search/crawl query string. */
export const searchCrawlQuerySchema = z
  .strictObject(crawlShape)
  .refine(priceOrder, priceOrderIssue)
  .refine((query) => query.end_page >= (query.start_page ?? 1), { message: 'end_page must not be smaller than start_page', path: ['end_page'] });

/** The walmart_search_crawl job input: the crawl query as read (numbers, not digit strings). */
export const searchCrawlInputSchema = z.strictObject({
  search: z.string().min(1),
  sort_by: z.string().min(1).optional(),
  min_price: z.number().int().nonnegative().optional(),
  max_price: z.number().int().nonnegative().optional(),
  fulfillment_speed: z.string().min(1).optional(),
  fulfillment_type: z.string().min(1).optional(),
  delivery_zip: z.string().min(1).optional(),
  zip_code: z.string().min(1).optional(),
  store_id: z.string().min(1).optional(),
  device: device.optional(),
  timeout_ms: z.number().int().positive().optional(),
  start_page: z.number().int().positive().optional(),
  end_page: z.number().int().positive(),
});

export type WalmartCrawlInput = z.infer<typeof searchCrawlInputSchema>;

/**
 * GET /v1/walmart/product: `product_id` is Walmart's item id (the digits at the end of /ip/... URLs) or a
 * whole walmart.com product URL (the spec's description: "a Walmart item ID or a full product URL").
 */
export const productQuerySchema = z.strictObject({
  product_id: text,
  slug: text.regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'must be the name part of a Walmart product URL: letters, digits and "-"').optional(),
  ...location,
});

export type WalmartProductQuery = z.infer<typeof productQuerySchema>;

/** Walmart item ids are digits; a product URL ends in /ip/<slug>/<id> or /ip/<id>. */
export function itemIdOf(productId: string): string | undefined {
  if (/^\d{1,20}$/.test(productId)) return productId;
  let url: URL;
  try {
    url = new URL(productId);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  return /\/ip\/(?:[^/]+\/)?(\d{1,20})\/?$/.exec(url.pathname)?.[1];
}
