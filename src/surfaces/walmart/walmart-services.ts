import type { WalmartClient } from './walmart-client';
import type { WalmartPageStore } from './walmart-page-store';

/** What the Walmart routes and the walmart_search_crawl surface need. */
export interface WalmartServices {
  client: WalmartClient;
  pages: WalmartPageStore;
}
