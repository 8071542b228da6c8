import type { YouTubeClient } from './youtube-client';
import type { YouTubePageStore } from './youtube-page-store';

/** What the YouTube routes and the youtube_search_crawl surface need. */
export interface YouTubeServices {
  client: YouTubeClient;
  pages: YouTubePageStore;
}
