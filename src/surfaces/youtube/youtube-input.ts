import { z } from 'zod';

/**
 * The v1 YouTube request schemas (YouTubeSearchQuery, YouTubeVideoParams/Query, YouTubeSubtitlesQuery),
 * closed as the spec writes them. Query strings arrive as text, so the GET variants read integers and
 * booleans from their text; the POST body of the search crawl takes JSON types as they are.
 */

export const VIDEO_ID = z.string().regex(/^[A-Za-z0-9_-]{6,20}$/, 'must be a YouTube video id: 6 to 20 characters of A-Z, a-z, 0-9, "_" or "-"');
const language = z
  .string()
  .min(2)
  .max(16)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en" or "pt-BR"');
const country = z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as "US"');
const searchType = z.enum(['video', 'channel', 'playlist', 'all']);

const queryInt = (max: number) => z.string().regex(/^\d+$/, 'must be a positive integer').transform(Number).pipe(z.number().int().positive().max(max));
const queryBool = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((value) => value === 'true');

function searchShape(integer: (max: number) => z.ZodType<number>) {
  return {
    search: z.string().min(1, 'must not be empty'),
    language: language.optional(),
    country: country.optional(),
    geo: z.string().min(2).max(32).optional(),
    type: searchType.optional(),
    limit: integer(1000).optional(),
    start_page: integer(Number.MAX_SAFE_INTEGER).optional(),
    end_page: integer(Number.MAX_SAFE_INTEGER).optional(),
  };
}

const endAfterStart = (query: { start_page?: number; end_page?: number }) => query.end_page === undefined || query.end_page >= (query.start_page ?? 1);
const endAfterStartIssue = { message: 'end_page must not be smaller than start_page', path: ['end_page'] };

/** GET /v1/youtube/search query string. */
export const searchQuerySchema = z.strictObject(searchShape(queryInt)).refine(endAfterStart, endAfterStartIssue);

/** POST /v1/youtube/search/crawl body (and the youtube_search_crawl job input). */
export const searchCrawlInputSchema = z.strictObject(searchShape((max) => z.number().int().positive().max(max))).refine(endAfterStart, endAfterStartIssue);

export type SearchQuery = z.infer<typeof searchCrawlInputSchema>;

export const videoParamsSchema = z.strictObject({ video_id: VIDEO_ID });

export const videoQuerySchema = z.strictObject({
  language: language.optional(),
  country: country.optional(),
  include_subtitles: queryBool.optional(),
});

export const subtitlesQuerySchema = z.strictObject({
  video_id: VIDEO_ID,
  language: language.optional(),
  subtitle_origin: z.enum(['auto_generated', 'creator']).optional(),
  include_timestamps: queryBool.optional(),
});

export type SubtitlesQuery = z.infer<typeof subtitlesQuerySchema>;
