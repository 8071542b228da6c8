import type { Clock } from '../../lib/clock';
import type { Config } from '../../config/config-schema';
import type { BrowserLease, LeaseOptions } from '../../engine/browser/browser-lease';
import { renderPage } from '../../engine/browser/browser-render';
import { sitemapUrlsOf } from '../../engine/web/site-sitemaps';
import { coerceError, ScrapioError } from '../../errors';
import type { BuildOutputs, OutputName } from '../../extract/types';
import { isoTime } from '../../lib/iso-time';
import { IndexBatch } from '../../page-index/index-batch';
import { userAgentOf } from '../../version';
import { searchIndexEntry, type PageIndexingServices } from '../shared/page-indexing';
import type { SiteServices } from '../shared/site-services';
import type { JobContext, Surface, SurfaceResult, ViewContext } from '../surface';
import { crawlInputSchema, type CrawlInput } from './crawl-input';
import { type CrawlEnd, runCrawl } from './crawl-runner';
import type { CrawlPageRow, CrawlStore } from './crawl-store';
import { createPageVisitor } from './page-visitor';
import { assertExtractServable, type StructuredExtractServices } from '../shared/structured-extract';
import { compilePathFilter } from './path-filters';
import { fetchCredits } from '../shared/page-fetch';
import type { PageCredits } from '../../billing/credit-ledger';

export interface CrawlServices extends SiteServices, PageIndexingServices, StructuredExtractServices {
  config: Config;
  clock: Clock;
  buildOutputs: BuildOutputs;
  crawlStore: CrawlStore;
  browser: { openLease(options: LeaseOptions): BrowserLease };
  /** Emulated credits (billing.mode "emulate"): each page is paid before it is fetched, and given back if it fails. */
  credits?: PageCredits;
}

const DEFAULT_MAX_PAGES = 10;
const DEFAULT_MAX_DEPTH = 2;
/** Failed pages listed in diagnostics.step_errors; the pages themselves all carry their error. */
const MAX_STEP_ERRORS = 100;

interface CrawlBody extends Record<string, unknown> {
  seeds: string[];
  summary: { pages_discovered: number; pages_fetched: number; pages_succeeded: number; pages_failed: number; pages_skipped: number };
  steps: Array<Record<string, unknown>>;
  step_errors: Array<Record<string, unknown>>;
}

export const crawlSurface: Surface<CrawlInput, CrawlServices> = {
  kind: 'crawl',
  inputSchema: crawlInputSchema,
  validate(input, services) {
    for (const seed of input.seeds) services.policy.assertUrlAllowed(seed);
    const filter = compilePathFilter({ includePaths: input.include_paths, excludePaths: input.exclude_paths });
    if (!filter.ok) throw new ScrapioError('invalid_request', filter.message);
    assertExtractServable(input.extract, services);
  },
  defaultTimeoutMs: (config) => config.limits.timeoutMs,

  async run(input, context): Promise<SurfaceResult> {
    // A render_js crawl gets one browser context for the whole job, its tabs reused page after page.
    const lease = input.render_js ? context.services.browser.openLease({ userAgent: crawlUserAgent(context.services) }) : undefined;
    try {
      return await runCrawlJob(input, context, lease);
    } finally {
      await lease?.close();
    }
  },

  async inlineView(result, view) {
    const body = result.body as CrawlBody;
    return {
      id: view.jobId,
      kind: 'crawl',
      mode: 'inline',
      status: result.status,
      steps: body.steps,
      result: { seeds: body.seeds, pages: await pagesOf(view, 0, Number.MAX_SAFE_INTEGER), summary: body.summary },
      diagnostics: { step_errors: body.step_errors },
    };
  },

  async resultView(stored, view) {
    if (!stored) return { result: {} };
    const body = stored as CrawlBody;
    const paging = view.paging;
    const pages = await pagesOf(view, paging?.offset ?? 0, paging?.limit ?? Number.MAX_SAFE_INTEGER);
    const result: Record<string, unknown> = {
      seeds: body.seeds,
      pages,
      summary: body.summary,
      steps: body.steps,
      diagnostics: { step_errors: body.step_errors },
    };
    if (paging) {
      const nextOffset = paging.offset + pages.length;
      result.next = nextOffset < body.summary.pages_fetched && view.nextPageUrl ? view.nextPageUrl(nextOffset, paging.limit) : null;
    }
    return { result };
  },
};

async function runCrawlJob(input: CrawlInput, context: JobContext<CrawlServices>, lease: BrowserLease | undefined): Promise<SurfaceResult> {
  const { services, signal, jobId } = context;
  const { config } = services;
  const startedAt = services.clock.now();
  const pathFilter = compilePathFilter({ includePaths: input.include_paths, excludePaths: input.exclude_paths });
  if (!pathFilter.ok) throw new ScrapioError('invalid_request', pathFilter.message);
  const obeyRobots = !(input.ignore_robots ?? !config.crawl.obeyRobots);
  const maxPages = input.max_pages ?? Math.min(DEFAULT_MAX_PAGES, config.limits.crawl.maxPages);
  const fetch = services.http.request.bind(services.http);
  const indexing = new IndexBatch(services.localIndex, context.tenant, context.logger);
  const visit = createPageVisitor({
    fetch,
    render: lease
      ? async (url, pageSignal, onLoaded) =>
          (await renderPage(lease, { url, timeoutMs: config.limits.defaultFetchTimeoutMs, signal: pageSignal, onLoaded })).document
      : undefined,
    robots: obeyRobots ? services.robots : undefined,
    scheduler: services.hostScheduler,
    buildOutputs: services.buildOutputs,
    tenant: context.tenant,
    outputRequest: { output: (input.output ?? ['markdown']) as OutputName[], extract: input.extract },
    timeoutMs: config.limits.defaultFetchTimeoutMs,
    userAgent: crawlUserAgent(services),
    onIndexable: (url, page) => indexing.add(searchIndexEntry(context, url, page)),
  });
  const budget = creditBudget(input, context);
  let end: CrawlEnd;
  try {
    end = await runCrawl(
      {
        jobId,
        seeds: input.seeds,
        maxPages,
        maxDepth: input.max_depth ?? DEFAULT_MAX_DEPTH,
        sameDomainOnly: input.same_domain_only ?? true,
        pathFilter: pathFilter.filter,
        // Pages finishing in a different order number their links differently (discovery order is the frontier's
        // order); recorded and replayed crawls visit one page at a time so that order, and the output, repeat.
        concurrency: config.testing.record.dir === undefined && config.testing.replay.dir === undefined ? config.crawl.maxConcurrency : 1,
        sitemapUrls: input.use_sitemap
          ? () =>
              sitemapUrlsOf(input.seeds, {
                stream: (request, consume) => services.http.stream(request, consume),
                robots: services.robots,
                maxUrls: maxPages * 10,
                maxBytesPerOrigin: config.crawl.sitemapMaxBytes,
                signal,
              })
          : undefined,
      },
      {
        store: services.crawlStore,
        logger: context.logger,
        signal,
        now: () => services.clock.now(),
        visit: budget.paid(visit),
        admit: budget.admit,
        onProgress: (fetched, total) => context.setProgress(fetched, total),
        onPage: (page, outcome) => context.publish('page', { url: page.url, depth: page.depth, status: pageStatus(outcome.state) }),
      },
    );
  } finally {
    // Searchable once the crawl is over, whatever ended it.
    await indexing.close();
  }
  const now = services.clock.now();
  const outOfCredits = budget.stoppedBy();
  if (outOfCredits) await services.crawlStore.skipRemaining(jobId, outOfCredits.error.message, now);
  if (end === 'limit') await services.crawlStore.skipRemaining(jobId, 'max_pages reached', now);
  const body = await summarise(input, jobId, services, startedAt, now);
  if (outOfCredits) {
    // Nothing paid for: the crawl fails as the request would have. Otherwise the pages so far, as a partial result.
    if (body.summary.pages_succeeded === 0) throw outOfCredits.error;
    body.step_errors.push({ step_id: 'step_1', code: outOfCredits.error.code, message: outOfCredits.error.message, url: outOfCredits.url });
    return { status: 'partial', body };
  }
  if (body.summary.pages_fetched > 0 && body.summary.pages_succeeded === 0 && end !== 'aborted') {
    const first = body.step_errors[0];
    throw new ScrapioError(
      'target_unreachable',
      `No page of the crawl could be fetched; first error (${String(first?.url)}): ${String(first?.message)}`,
      // Retrying would resume the same crawl and find the same failed pages.
      { retryable: false },
    );
  }
  return { status: body.summary.pages_failed > 0 ? 'partial' : 'completed', body };
}

type PageVisitor = ReturnType<typeof createPageVisitor>;

/**
 * Pays for the crawl page by page: `admit` takes a page's price before it is fetched and ends the crawl when the
 * balance or the daily cap is reached; `paid` gives the price back for a page that failed or was skipped.
 */
function creditBudget(input: CrawlInput, context: JobContext<CrawlServices>) {
  const credits = context.services.credits;
  const price = crawlPageCredits(input);
  let stopped: { error: ScrapioError; url: string } | undefined;
  return {
    stoppedBy: () => stopped,
    admit: credits
      ? async (page: CrawlPageRow): Promise<boolean> => {
          try {
            await credits.spend(context.tenant, price);
            return true;
          } catch (thrown) {
            const error = coerceError(thrown);
            if (error.code !== 'credits_exhausted' && error.code !== 'daily_credit_cap_exceeded') throw error;
            stopped ??= { error, url: page.url };
            return false;
          }
        }
      : undefined,
    paid(visit: PageVisitor): PageVisitor {
      if (!credits) return visit;
      return async (page, signal) => {
        let visited: Awaited<ReturnType<PageVisitor>>;
        try {
          visited = await visit(page, signal);
        } catch (thrown) {
          await credits.refund(context.tenant, price);
          throw thrown;
        }
        if (visited.outcome.state === 'failed' || visited.outcome.state === 'skipped') await credits.refund(context.tenant, price);
        return visited;
      };
    },
  };
}

/** One crawled page, priced like a fetch of it with the crawl's options (billing.mode "emulate"). */
export function crawlPageCredits(input: Pick<CrawlInput, 'render_js' | 'extract' | 'output'>): number {
  return fetchCredits({ render_js: input.render_js, extract: input.extract, output: input.output });
}

function crawlUserAgent(services: CrawlServices): string {
  return services.config.crawl.userAgent ?? services.config.http.userAgent ?? userAgentOf();
}

async function summarise(input: CrawlInput, jobId: string, services: CrawlServices, startedAt: number, now: number): Promise<CrawlBody> {
  const counts = await services.crawlStore.counts(jobId);
  const succeeded = counts.succeeded + counts.partial;
  const fetched = succeeded + counts.failed;
  // Whatever is still queued (cancel, timeout) was discovered but not fetched: it counts as skipped.
  const skipped = counts.skipped + counts.queued;
  const failedPages = counts.failed > 0 ? await services.crawlStore.failedPages(jobId, MAX_STEP_ERRORS) : [];
  return {
    seeds: input.seeds,
    summary: { pages_discovered: fetched + skipped, pages_fetched: fetched, pages_succeeded: succeeded, pages_failed: counts.failed, pages_skipped: skipped },
    steps: [
      {
        step_id: 'step_1',
        type: 'crawl',
        status: succeeded > 0 || fetched === 0 ? 'completed' : 'failed',
        started_at: isoTime(startedAt),
        completed_at: isoTime(now),
      },
    ],
    step_errors: failedPages.map((page) => ({ step_id: 'step_1', code: page.error_code ?? 'failed', message: page.error_message ?? '', url: page.url })),
  };
}

async function pagesOf(view: ViewContext<CrawlServices>, offset: number, limit: number): Promise<Array<Record<string, unknown>>> {
  return fetchedPagesView(view.services.crawlStore, view.jobId, offset, limit);
}

/** A crawl's fetched pages in the result's page shape, paged: also while it runs (EXT GET /v1/jobs/{id}/pages). */
export async function fetchedPagesView(
  store: Pick<CrawlStore, 'fetchedPages'>,
  jobId: string,
  offset: number,
  limit: number,
): Promise<Array<Record<string, unknown>>> {
  const rows = await store.fetchedPages(jobId, offset, limit);
  return rows.map(pageView);
}

function pageView(row: CrawlPageRow): Record<string, unknown> {
  const page: Record<string, unknown> = { url: row.url, depth: row.depth };
  if (row.discovered_from) page.discovered_from = row.discovered_from;
  page.status = pageStatus(row.state);
  if (row.outputs) page.outputs = JSON.parse(row.outputs);
  if (row.error_code) page.error = { code: row.error_code, message: row.error_message ?? '' };
  return page;
}

function pageStatus(state: string): 'completed' | 'partial' | 'failed' {
  if (state === 'succeeded') return 'completed';
  return state === 'partial' ? 'partial' : 'failed';
}
