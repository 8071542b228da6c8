import type { SitePageStore } from '../shared/site-page-store';
import type { WalmartClient } from './walmart-client';

/** What the Walmart routes and the walmart_search_crawl surface need. */
export interface WalmartServices {
  client: WalmartClient;
  /** The shared marketplace search crawl page store (site_search_pages). */
  pages: SitePageStore;
}
