import type { Logger } from '../../logger';
import { coerceError } from '../../errors';
import type { CrawlPageRow, CrawlStore, FrontierEntry, PageOutcome } from './crawl-store';
import { dedupeKey, normalizeUrl, sameSiteAsAny } from '../../engine/web/url-normalizer';
import type { PathFilter } from './path-filters';
import { SeenKeys } from './seen-keys';
import { ThrottledProgress } from './throttled-progress';
import { TimeSlice } from '../../lib/time-slice';

/** What one page visit produced: the outcome to store and the links to follow. */
export interface PageVisit {
  outcome: Omit<PageOutcome, 'seq' | 'fetchedAt'>;
  links: string[];
}

export interface CrawlPlan {
  jobId: string;
  seeds: string[];
  maxPages: number;
  maxDepth: number;
  sameDomainOnly: boolean;
  pathFilter: PathFilter;
  concurrency: number;
  /** Extra start URLs found in sitemaps (depth 1, discovered from the sitemap). */
  sitemapUrls?: () => Promise<Array<{ url: string; from: string }>>;
}

export interface CrawlHooks {
  store: CrawlStore;
  logger: Logger;
  signal: AbortSignal;
  now(): number;
  visit(page: CrawlPageRow, signal: AbortSignal): Promise<PageVisit>;
  onProgress(fetched: number, total: number): Promise<void>;
  onPage?(page: CrawlPageRow, outcome: PageOutcome): void;
  /** Asked before each page is taken; false ends the crawl there (emulated credits ran out). The page stays queued. */
  admit?(page: CrawlPageRow): Promise<boolean>;
}

/** How the crawl loop ended: `limit` when the page budget ran out, `aborted` on cancel/timeout/shutdown. */
export type CrawlEnd = 'exhausted' | 'limit' | 'aborted';

const PREFETCH = 64;
/** Progress is written at most this often (and once at the end): a row update per page cost a fast crawl. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * The breadth-first crawl loop. The frontier lives in SQLite (crawl_pages): URLs are numbered in discovery
 * order, which is breadth-first because every link of depth d is found before any of depth d+1 is fetched
 * past it. Up to `concurrency` pages are in flight; each finished page is stored with its new links in one
 * transaction. Restarted on the same job, it resumes: pages already stored are not fetched again.
 */
export async function runCrawl(plan: CrawlPlan, hooks: CrawlHooks): Promise<CrawlEnd> {
  const { store, signal } = hooks;
  const seen = new SeenKeys();
  // Links as found on pages: a page repeats most of the site's navigation, and a link looked at once (enqueued
  // or out of scope, which depends on the URL alone) needs no second look. Saves parsing it again and again.
  const considered = new SeenKeys();
  const inScope = scopeOf(plan);
  let nextSeq = (await store.maxSeq(plan.jobId)) + 1;
  /** Keeps the URLs not seen before and reserves their numbers (before any await: pages finish concurrently). */
  const reserve = (entries: FrontierEntry[]): { fresh: FrontierEntry[]; firstSeq: number } => {
    const fresh = entries.filter((entry) => seen.addIfNew(entry.dedupeKey));
    const firstSeq = nextSeq;
    nextSeq += fresh.length;
    return { fresh, firstSeq };
  };
  const enqueue = async (entries: FrontierEntry[]): Promise<void> => {
    const { fresh, firstSeq } = reserve(entries);
    await store.enqueue(plan.jobId, fresh, firstSeq);
  };

  if (nextSeq === 1) {
    await enqueue(plan.seeds.flatMap((seed) => frontierEntry(seed, 0, null) ?? []));
    const fromSitemaps = plan.sitemapUrls && plan.maxDepth >= 1 ? await plan.sitemapUrls() : [];
    await enqueue((await inScopeEntries(fromSitemaps, inScope, 1, signal)) ?? []);
  } else {
    hooks.logger.info({ job_id: plan.jobId }, 'resuming crawl from its stored frontier');
  }

  const counts = await store.counts(plan.jobId);
  let fetched = counts.succeeded + counts.partial + counts.failed;
  let known = fetched + counts.skipped + counts.queued;
  let lastTakenSeq = 0;
  let buffer: CrawlPageRow[] = [];
  const inFlight = new Set<Promise<void>>();
  const progress = new ThrottledProgress(hooks.onProgress, PROGRESS_INTERVAL_MS);

  const takeNext = async (): Promise<CrawlPageRow | undefined> => {
    if (buffer.length === 0) {
      buffer = await store.nextQueued(plan.jobId, PREFETCH, lastTakenSeq);
    }
    const page = buffer.shift();
    if (page) lastTakenSeq = page.seq;
    return page;
  };

  const visitOne = async (page: CrawlPageRow) => {
    let visit: PageVisit;
    try {
      visit = await hooks.visit(page, signal);
    } catch (thrown) {
      if (signal.aborted) return; // left queued: a resumed crawl fetches it again
      const error = coerceError(thrown);
      visit = { outcome: { state: 'failed', error: { code: error.code, message: error.message } }, links: [] };
    }
    if (signal.aborted && visit.outcome.state === 'failed') return;
    const outcome: PageOutcome = { ...visit.outcome, seq: page.seq, fetchedAt: hooks.now() };
    const follows = page.depth < plan.maxDepth && outcome.state !== 'failed' && outcome.state !== 'skipped';
    const unseen = follows ? visit.links.filter((link) => considered.addIfNew(link)).map((url) => ({ url, from: page.url })) : [];
    const inScopeLinks = await inScopeEntries(unseen, inScope, page.depth + 1, signal);
    if (inScopeLinks === undefined) return; // aborted half-way: left queued, a resumed crawl visits the page again
    const found = reserve(inScopeLinks);
    // Counted from what the database took: after a resume the in-memory caches start empty and call old URLs new.
    known += await store.recordVisit(plan.jobId, outcome, found.fresh, found.firstSeq);
    // A skipped page (robots, not HTML) does not use the page budget.
    if (outcome.state !== 'skipped') fetched += 1;
    hooks.onPage?.(page, outcome);
    await progress.report(fetched, Math.min(plan.maxPages, known));
  };

  let reserved = fetched; // pages fetched or in flight: what the budget is checked against
  for (;;) {
    if (signal.aborted) break;
    if (reserved >= plan.maxPages) break;
    const page = await takeNext();
    if (!page) {
      if (inFlight.size === 0) break; // nothing queued and nothing that could discover more
      await Promise.race(inFlight);
      continue;
    }
    if (hooks.admit && !(await hooks.admit(page))) break;
    reserved += 1;
    const task: Promise<void> = visitOne(page)
      .catch((error: unknown) => hooks.logger.error({ err: error, url: page.url }, 'crawl page bookkeeping failed'))
      .finally(() => {
        inFlight.delete(task);
        reserved = fetched + inFlight.size;
      });
    inFlight.add(task);
    if (inFlight.size >= plan.concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await progress.flush();
  if (signal.aborted) return 'aborted';
  const remaining = await store.nextQueued(plan.jobId, 1);
  return remaining.length > 0 ? 'limit' : 'exhausted';
}

function frontierEntry(url: string, depth: number, discoveredFrom: string | null): FrontierEntry | undefined {
  const normalized = normalizeUrl(url);
  if (!normalized) return undefined;
  return { url: normalized, dedupeKey: dedupeKey(normalized), depth, discoveredFrom };
}

/**
 * Frontier entries for the links in scope. Path filters cost up to tens of milliseconds per long URL, and a
 * page or sitemap can list thousands: the loop yields to the event loop between slices, and an abort seen
 * at such a pause cuts it short (undefined).
 */
async function inScopeEntries(
  links: Array<{ url: string; from: string }>,
  inScope: (url: string) => boolean,
  depth: number,
  signal: AbortSignal,
): Promise<FrontierEntry[] | undefined> {
  const entries: FrontierEntry[] = [];
  const slice = new TimeSlice();
  for (const { url, from } of links) {
    if ((await slice.yieldIfDue()) && signal.aborted) return undefined;
    const entry = inScope(url) ? frontierEntry(url, depth, from) : undefined;
    if (entry) entries.push(entry);
  }
  return entries;
}

/** same_domain_only keeps the crawl on the seeds' sites; include/exclude paths filter the rest. */
function scopeOf(plan: CrawlPlan): (url: string) => boolean {
  const onSeedSites = sameSiteAsAny(plan.seeds);
  return (url) => (!plan.sameDomainOnly || onSeedSites(url)) && plan.pathFilter(url);
}
