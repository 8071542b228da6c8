import { isoTime } from '../../lib/iso-time';
import { userAgentOf } from '../../version';
import type { SiteServices } from '../shared/site-services';
import type { Surface, SurfaceResult } from '../surface';
import { mapInputSchema, type MapInput } from './map-input';
import { mapSite } from './site-mapper';

export type MapServices = SiteServices;

const DEFAULT_MAX_URLS = 100;
const DEFAULT_MAX_DEPTH = 2;

/** POST /v1/map: the URLs of a site, from its sitemaps and its links, breadth-first. */
export const mapSurface: Surface<MapInput, MapServices> = {
  kind: 'map',
  inputSchema: mapInputSchema,
  validate(input, services) {
    for (const seed of input.seeds) services.policy.assertUrlAllowed(seed);
  },
  defaultTimeoutMs: (config) => config.limits.timeoutMs,

  async run(input, context): Promise<SurfaceResult> {
    const { services, signal } = context;
    const { config } = services;
    const startedAt = services.clock.now();
    const outcome = await mapSite(
      {
        seeds: input.seeds,
        maxUrls: input.max_urls ?? Math.min(DEFAULT_MAX_URLS, config.limits.map.maxUrls),
        maxDepth: input.max_depth ?? DEFAULT_MAX_DEPTH,
        sameDomainOnly: input.same_domain_only ?? true,
        includeMetadata: input.include_metadata ?? false,
        concurrency: config.crawl.maxConcurrency,
        timeoutMs: config.limits.defaultFetchTimeoutMs,
        userAgent: config.crawl.userAgent ?? config.http.userAgent ?? userAgentOf(),
        sitemapMaxBytes: config.crawl.sitemapMaxBytes,
      },
      {
        fetch: (request) => services.http.request(request),
        stream: (request, consume) => services.http.stream(request, consume),
        robots: config.crawl.obeyRobots ? services.robots : undefined,
        scheduler: services.hostScheduler,
        signal,
      },
    );
    const returned = outcome.urls.length;
    await context.setProgress(returned, returned);
    return {
      status: 'completed',
      body: {
        seeds: input.seeds,
        urls: outcome.urls,
        summary: {
          urls_discovered: outcome.discovered,
          urls_returned: returned,
          urls_skipped: outcome.discovered - returned,
          frontier_exhausted: outcome.frontierExhausted,
        },
        steps: [{ step_id: 'step_1', type: 'map', status: 'completed', started_at: isoTime(startedAt), completed_at: isoTime(services.clock.now()) }],
      },
    };
  },

  async inlineView(result, view) {
    const { steps, ...mapResult } = result.body;
    return { id: view.jobId, kind: 'map', mode: 'inline', status: result.status, steps, result: mapResult, diagnostics: { step_errors: [] } };
  },

  async resultView(body) {
    return { result: body ?? {} };
  },
};
