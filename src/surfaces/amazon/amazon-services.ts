import type { SitePageStore } from '../shared/site-page-store';
import type { AmazonClient } from './amazon-client';

/** What the Amazon routes and the amazon_search_crawl surface need. */
export interface AmazonServices {
  client: AmazonClient;
  /** The shared marketplace search crawl page store (site_search_pages). */
  pages: SitePageStore;
}
