import { z } from 'zod';
import { AMAZON_DOMAINS } from './amazon-marketplaces';

/**
 * The v1 Amazon query strings (AmazonSearchQuery, AmazonProductQuery, AmazonPricingQuery,
 * AmazonSearchCrawlQuery), closed, with the spec's patterns: page numbers and timeout_ms are digit strings,
 * `country` two lower-case letters, `domain` a known Amazon marketplace suffix ("com", "de", "co.uk").
 * Digit strings become numbers here, so the stored job input is typed JSON.
 */

const digits = (what: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a string of digits (${what})`)
    .transform(Number)
    .pipe(z.number().int().min(1, `must be at least 1 (${what})`).max(max, `must be at most ${max} (${what})`));
const domain = z
  .string()
  .regex(/^[a-z]+(?:\.[a-z]+)?$/, 'must be a marketplace domain suffix such as "com", "de" or "co.uk"')
  .refine((value) => AMAZON_DOMAINS.includes(value), { message: `must be an Amazon marketplace: one of ${AMAZON_DOMAINS.join(', ')}` });
/** Amazon Standard Identification Number: ten upper-case letters and digits (ISBN-10s are ASINs too). */
export const ASIN = z.string().regex(/^[A-Z0-9]{10}$/, 'must be an ASIN: 10 upper-case letters or digits, e.g. B08N5WRWNW');

const common = {
  country: z
    .string()
    .regex(/^[a-z]{2}$/, 'must be a two-letter lower-case country code such as "us"')
    .optional(),
  language: z
    .string()
    .min(1)
    .max(16)
    .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en", "de_DE" or "pt-BR"')
    .optional(),
  domain: domain.optional(),
  device: z.enum(['desktop', 'mobile', 'tablet']).optional(),
  timeout_ms: digits('milliseconds', 600_000).optional(),
};

const searchFields = {
  search: z.string().min(1, 'must not be empty').max(500),
  merchant_id: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9]+$/, 'must be an Amazon seller id (letters and digits)')
    .optional(),
  sort_by: z.string().min(1).max(60).optional(),
  enrich: z.enum(['pricing']).optional(),
  ...common,
};

/** Pages one search crawl job reads at most. */
export const MAX_CRAWL_PAGES = 50;

export const searchQuerySchema = z.strictObject({ ...searchFields, page: digits('a page number', 400).optional() });
export type AmazonSearchQuery = z.infer<typeof searchQuerySchema>;

export const searchCrawlQuerySchema = z
  .strictObject({ ...searchFields, start_page: digits('a page number', 400).optional(), end_page: digits('a page number', 400) })
  .refine((query) => query.end_page >= (query.start_page ?? 1), { message: 'must not be smaller than start_page', path: ['end_page'] })
  .refine((query) => query.end_page - (query.start_page ?? 1) < MAX_CRAWL_PAGES, {
    message: `one crawl reads at most ${MAX_CRAWL_PAGES} pages (end_page - start_page + 1)`,
    path: ['end_page'],
  });
export type AmazonSearchCrawlInput = z.infer<typeof searchCrawlQuerySchema>;

export const productQuerySchema = z
  .strictObject({ query: z.string().min(1).max(2048).optional(), asin: z.string().min(1).optional(), ...common })
  .refine((query) => query.asin !== undefined || query.query !== undefined, {
    message: 'is required (or `query`: an ASIN or an Amazon product URL)',
    path: ['asin'],
  });
export type AmazonProductQuery = z.infer<typeof productQuerySchema>;

export const pricingQuerySchema = z.strictObject({ asin: ASIN, ...common });
export type AmazonPricingQuery = z.infer<typeof pricingQuerySchema>;
