import type { Clock } from '../lib/clock';
import type { Config } from '../config/config-schema';
import type { CrawlStore } from './crawl/crawl-store';
import type { HostScheduler } from '../engine/web/host-scheduler';
import type { RobotsCache } from '../engine/web/robots-cache';
import type { HttpClient } from '../engine/http/http-client';
import type { NetworkPolicy } from '../engine/network/network-policy';
import type { BuildOutputs } from '../extract/types';
import type { BrowserPool } from '../engine/browser/browser-pool';
import type { SessionState } from '../engine/browser/session-state';
import type { FileStore } from '../files/file-store';
import type { SearchBackends } from './search/backends/backend-registry';
import type { SessionStore } from '../sessions/session-store';
import type { YouTubeServices } from './youtube/youtube-services';
import type { LocalIndex } from '../page-index/local-index';

/** The engines a surface may use. The worker depends on these small interfaces, not on their libraries. */
export interface EngineServices {
  config: Config;
  clock: Clock;
  policy: NetworkPolicy;
  http: HttpClient;
  buildOutputs: BuildOutputs;
  crawlStore: CrawlStore;
  /** Shared by every crawl of the process, so two jobs on one site share its robots.txt and its limits. */
  robots: RobotsCache;
  hostScheduler: HostScheduler;
  /** Full-text index of every page fetched, per tenant (the `local` search backend). */
  localIndex: LocalIndex;
  searchBackends: SearchBackends;
  /** Chromium, launched on first use; a missing browser surfaces as 503 browser_unavailable then. */
  browser: BrowserPool;
  sessions: SessionStore<SessionState>;
  files: FileStore;
  youtube: YouTubeServices;
  /** http://host:port of this server (config server.publicBaseUrl wins), for the signed file URLs. */
  publicBaseUrl(): string;
}
