import { ScrapioError } from '../../errors';
import type { EngineServices } from '../engine-services';
import type { YouTubeClient } from './youtube-client';
import type { YouTubePageStore } from './youtube-page-store';

/** What the YouTube routes and the youtube_search_crawl surface need: EngineServices.youtube. */
export interface YouTubeServices {
  client: YouTubeClient;
  pages: YouTubePageStore;
}

/** EngineServices.youtube, with a clear error when a build does not wire it in. */
export function youtubeServicesOf(services: EngineServices): YouTubeServices {
  const youtube = (services as EngineServices & { youtube?: YouTubeServices }).youtube;
  if (!youtube) throw new ScrapioError('not_implemented', 'YouTube is not available in this build of scrapio-server (EngineServices.youtube is not set).');
  return youtube;
}
