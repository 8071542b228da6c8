import type { JobKind } from '../db/schema';
import { crawlSurface } from './crawl';
import { fetchSurface } from './fetch';
import { mapSurface } from './map';
import { searchSurface } from './search';
import { pendingSurface } from './pending-surface';
import { interactInputSchema } from './schemas/interact-input';
import type { Surface } from './surface';

const notYet = (what: string) => `The ${what} surface is not available in this build of scrapio-server yet; fetch is.`;

/** Every surface kind POST /v1/jobs accepts, by kind. */
export const surfaces: Record<Exclude<JobKind, 'youtube_search_crawl'>, Surface> = {
  fetch: fetchSurface,
  crawl: crawlSurface,
  map: mapSurface,
  interact: pendingSurface('interact', interactInputSchema, notYet('interact')),
  search: searchSurface,
};

export type SurfaceKind = keyof typeof surfaces;

export function isSurfaceKind(kind: string): kind is SurfaceKind {
  return Object.prototype.hasOwnProperty.call(surfaces, kind);
}
