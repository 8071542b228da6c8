import type { JobKind } from '../db/schema';
import { crawlSurface } from './crawl';
import { fetchSurface } from './fetch';
import { interactSurface } from './interact';
import { mapSurface } from './map';
import { searchSurface } from './search';
import type { Surface } from './surface';

/** Every surface kind POST /v1/jobs accepts, by kind. */
export const surfaces: Record<Exclude<JobKind, 'youtube_search_crawl'>, Surface> = {
  fetch: fetchSurface,
  crawl: crawlSurface,
  map: mapSurface,
  interact: interactSurface,
  search: searchSurface,
};

export type SurfaceKind = keyof typeof surfaces;

export function isSurfaceKind(kind: string): kind is SurfaceKind {
  return Object.prototype.hasOwnProperty.call(surfaces, kind);
}
