import type { Config } from '../../config/config-schema';
import type { HttpClient } from '../../engine/http/http-client';
import type { NetworkPolicy } from '../../engine/network/network-policy';
import type { HostScheduler } from '../../engine/web/host-scheduler';
import type { RobotsCache } from '../../engine/web/robots-cache';
import type { Clock } from '../../lib/clock';

/** What walking a site needs (crawl and map): plain HTTP (sitemaps streamed), robots.txt and per-host politeness. */
export interface SiteServices {
  config: Config;
  clock: Clock;
  policy: Pick<NetworkPolicy, 'assertUrlAllowed'>;
  http: Pick<HttpClient, 'request' | 'stream'>;
  /** Shared by every crawl and map of the process, so two jobs on one site share its robots.txt and its limits. */
  robots: RobotsCache;
  hostScheduler: HostScheduler;
}
