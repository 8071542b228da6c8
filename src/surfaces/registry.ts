import type { JobKind } from '../db/schema';
import { crawlSurface } from './crawl/crawl-surface';
import { fetchSurface } from './fetch/fetch-surface';
import { interactSurface } from './interact/interact-surface';
import { mapSurface } from './map/map-surface';
import { searchSurface } from './search/search-surface';
import type { Surface } from './surface';
import { youtubeSearchCrawlSurface } from './youtube/youtube-surface';

/** Every surface kind POST /v1/jobs accepts, by kind. */
export const surfaces: Record<Exclude<JobKind, 'youtube_search_crawl'>, Surface> = {
  fetch: fetchSurface,
  crawl: crawlSurface,
  map: mapSurface,
  interact: interactSurface,
  search: searchSurface,
};

export type SurfaceKind = keyof typeof surfaces;

/** Every kind a job row can have: the surfaces, plus jobs that only the Jobs API runs (YouTube search crawls). */
export const jobSurfaces: Record<JobKind, Surface> = { ...surfaces, youtube_search_crawl: youtubeSearchCrawlSurface };

export function isJobKind(kind: string): kind is JobKind {
  return Object.prototype.hasOwnProperty.call(jobSurfaces, kind);
}
