import { z } from 'zod';

/**
 * The v1 GoogleSearchRequest query string (GET /v1/google/search), closed. Numbers and booleans arrive as text:
 * they must read as what the spec says (`page` a positive integer, `latitude` a number, `nfpr` true/false).
 * Only `search`, `search_type` (classic) and `page` change what this server answers; the rest are validated,
 * echoed in meta_data, and not applied (the README says why: the configured backend has no such controls).
 */

/** The backends answer the first hundred results at most: ten result pages of ten. */
export const GOOGLE_MAX_PAGE = 10;

const numberText = (what: string) =>
  z
    .string()
    .regex(/^-?\d+(?:\.\d+)?$/, `must be a number (${what})`)
    .transform(Number);
const boolText = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((value) => value === 'true');

export const googleSearchQuerySchema = z.strictObject({
  search: z.string().min(1, 'must not be empty').max(2048),
  search_type: z.enum(['classic', 'news', 'maps', 'images', 'lens', 'shopping', 'ai_mode', 'ads']).optional(),
  country_code: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as "us"')
    .optional(),
  language: z
    .string()
    .min(2)
    .max(16)
    .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en" or "pt-BR"')
    .optional(),
  device: z.enum(['desktop', 'mobile']).optional(),
  page: z
    .string()
    .regex(/^\d+$/, 'must be a positive integer')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, 'must be at least 1')
        .max(GOOGLE_MAX_PAGE, `must be at most ${GOOGLE_MAX_PAGE} (this server's search backends answer the first ${GOOGLE_MAX_PAGE * 10} results)`),
    )
    .optional(),
  date_range: z.enum(['past_hour', 'past_day', 'past_week', 'past_month', 'past_year']).optional(),
  latitude: numberText('degrees').pipe(z.number().min(-90).max(90)).optional(),
  longitude: numberText('degrees').pipe(z.number().min(-180).max(180)).optional(),
  radius: z.string().regex(/^\d+$/, 'must be a non-negative integer').transform(Number).pipe(z.number().int().max(Number.MAX_SAFE_INTEGER)).optional(),
  sort_by: z.enum(['relevance', 'reviews', 'price_asc', 'price_desc']).optional(),
  min_price: numberText('a price').pipe(z.number().min(0)).optional(),
  max_price: numberText('a price').pipe(z.number().min(0)).optional(),
  extra_params: z.string().min(1).max(2048).optional(),
  light_request: boolText.optional(),
  add_html: boolText.optional(),
  nfpr: boolText.optional(),
  tag: z.string().min(1).max(256).optional(),
});

export type GoogleSearchQuery = z.infer<typeof googleSearchQuerySchema>;
