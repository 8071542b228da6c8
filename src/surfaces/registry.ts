import { amazonSearchCrawlSurface, type AmazonJobServices } from './amazon/amazon-surface';
import { crawlSurface, type CrawlServices } from './crawl/crawl-surface';
import { fetchSurface, type FetchServices } from './fetch/fetch-surface';
import { interactSurface, type InteractServices } from './interact/interact-surface';
import { mapSurface, type MapServices } from './map/map-surface';
import { searchSurface, type SearchServices } from './search/search-surface';
import type { Surface } from './surface';
import { walmartSearchCrawlSurface, type WalmartJobServices } from './walmart/walmart-surface';
import { youtubeSearchCrawlSurface, type YouTubeJobServices } from './youtube/youtube-surface';

/**
 * The only list of job kinds. A new surface is a folder under surfaces/ with its `<kind>-surface.ts`, listed
 * here; the routes, the Jobs API's kind enums and the worker all read this table.
 */

/** The surfaces with an inline route (POST /v1/<kind>) that POST /v1/jobs also accepts. */
export const surfaces = {
  fetch: fetchSurface,
  crawl: crawlSurface,
  interact: interactSurface,
  search: searchSurface,
  map: mapSurface,
} satisfies Record<string, Surface>;

export type SurfaceKind = keyof typeof surfaces;
export const SURFACE_KINDS = Object.keys(surfaces) as [SurfaceKind, ...SurfaceKind[]];

/** Every kind a job row can have: the surfaces, plus jobs that only their own routes submit (YouTube search crawls). */
export const jobSurfaces = {
  ...surfaces,
  youtube_search_crawl: youtubeSearchCrawlSurface,
  walmart_search_crawl: walmartSearchCrawlSurface,
  amazon_search_crawl: amazonSearchCrawlSurface,
} satisfies Record<string, Surface>;

export type JobKind = keyof typeof jobSurfaces;
export const JOB_KINDS = Object.keys(jobSurfaces) as [JobKind, ...JobKind[]];

/** Everything the composition root must provide: the union of every surface's narrow services. */
export type SurfaceServices = FetchServices &
  CrawlServices &
  MapServices &
  InteractServices &
  SearchServices &
  YouTubeJobServices &
  WalmartJobServices &
  AmazonJobServices;

export function isJobKind(kind: string): kind is JobKind {
  return Object.prototype.hasOwnProperty.call(jobSurfaces, kind);
}
