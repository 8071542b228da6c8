import type { FetchedDocument } from '../../extract/fetched-document';
import { ScrapioError } from '../../errors';
import type { BuildOutputs, OutputRequest } from '../../extract/types';
import type { CrawlPageRow } from './crawl-store';
import type { PageVisit } from './crawl-runner';
import type { FetchFn } from '../../engine/web/fetch-fn';
import type { HostScheduler } from '../../engine/web/host-scheduler';
import { scanLinks } from '../../engine/web/link-extractor';
import { parseRetryAfter } from '../../engine/web/retry-after';
import type { RobotsCache } from '../../engine/web/robots-cache';

export interface PageVisitorDeps {
  fetch: FetchFn;
  /**
   * Renders with the browser instead of plain HTTP when the crawl asks for render_js; calls `onLoaded` when the
   * page's load event has fired (the rest of the render: settling and reading the DOM).
   */
  render?: (url: string, signal: AbortSignal, onLoaded: () => void) => Promise<FetchedDocument>;
  robots?: RobotsCache;
  scheduler: HostScheduler;
  buildOutputs: BuildOutputs;
  outputRequest: OutputRequest;
  /** The crawl's tenant, for the extraction pool's turns. */
  tenant?: string;
  timeoutMs: number;
  userAgent: string;
  /** Receives the main text of each successful page (for the local search index). */
  onIndexable?: (url: string, page: { title: string; text: string }) => void;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
/** A 429/503 answer is retried this many times (after the host's Retry-After pause) before the page fails. */
const MAX_BACKOFF_RETRIES = 2;

/**
 * Visits one frontier URL: robots.txt, the host's politeness slot, the fetch (backing off on 429/503),
 * then links and outputs. Link discovery uses the fast scanner on the raw HTML; the outputs come from the
 * extraction pipeline.
 */
export function createPageVisitor(deps: PageVisitorDeps) {
  return async (page: CrawlPageRow, signal: AbortSignal): Promise<PageVisit> => {
    if (deps.robots) {
      const verdict = await deps.robots.check(page.url, signal);
      if (!verdict.allowed) return { outcome: { state: 'skipped', skipReason: `robots: ${verdict.message}` }, links: [] };
    }
    const document = await fetchPolitely(deps, page.url, signal);
    if (document.statusCode >= 400) {
      return {
        outcome: { state: 'failed', error: { code: 'target_http_error', message: `HTTP ${document.statusCode} from ${document.finalUrl}` } },
        links: [],
      };
    }
    if (!HTML_TYPES.has(document.contentType) || document.text === undefined) {
      return { outcome: { state: 'skipped', skipReason: `not HTML (${document.contentType || 'no content type'})` }, links: [] };
    }
    const found = scanLinks(document.text, document.finalUrl);
    const links = found.metaRobots.nofollow ? [] : found.links.filter((link) => !link.nofollow).map((link) => link.url);
    if (found.canonical && found.canonical !== document.finalUrl) links.push(found.canonical);
    const bundle = await deps.buildOutputs(document, deps.outputRequest, { signal, tenant: deps.tenant });
    if (bundle.indexable) deps.onIndexable?.(document.finalUrl, bundle.indexable);
    const failed = bundle.failures.length > 0;
    return {
      outcome: {
        state: failed ? 'partial' : 'succeeded',
        title: bundle.indexable?.title,
        outputs: bundle.outputs,
        error: failed ? { code: 'output_failed', message: bundle.failures.map((f) => `${f.output}: ${f.message}`).join('; ') } : undefined,
      },
      links,
    };
  };
}

async function fetchPolitely(deps: PageVisitorDeps, url: string, signal: AbortSignal): Promise<FetchedDocument> {
  const host = new URL(url).host;
  const origin = new URL(url).origin;
  const crawlDelaySeconds = deps.robots ? await deps.robots.crawlDelaySeconds(origin, signal) : undefined;
  for (let attempt = 0; ; attempt += 1) {
    const release = await deps.scheduler.acquire(host, { signal, crawlDelayMs: crawlDelaySeconds === undefined ? undefined : crawlDelaySeconds * 1000 });
    let document: FetchedDocument;
    try {
      // A rendered page gives its host slot back at its load event: for rendered pages the slot bounds page loads
      // (document and subresources) in flight on the host. Requests the page's scripts make while it settles are
      // not counted; holding the slot through the settle wait (hundreds of ms) would halve a crawl's throughput.
      document = deps.render
        ? await deps.render(url, signal, release)
        : await deps.fetch({ url, timeoutMs: deps.timeoutMs, signal, headers: { 'user-agent': deps.userAgent } });
    } finally {
      release();
    }
    const throttled = document.statusCode === 429 || document.statusCode === 503;
    if (!throttled) return document;
    deps.scheduler.penalize(host, parseRetryAfter(document.headers['retry-after'], Date.now()));
    if (attempt >= MAX_BACKOFF_RETRIES) {
      throw new ScrapioError('target_blocked', `HTTP ${document.statusCode} from ${url} after ${attempt + 1} attempts with Retry-After backoff.`, {
        blocked: true,
      });
    }
  }
}
