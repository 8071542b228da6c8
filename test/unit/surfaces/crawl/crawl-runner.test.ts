import { ScrapioError } from '../../../../src/errors';
import { JobStore } from '../../../../src/jobs/job-store';
import { createLogger } from '../../../../src/logger';
import { runCrawl, type CrawlPlan, type PageVisit } from '../../../../src/surfaces/crawl/crawl-runner';
import { CrawlStore, type CrawlPageRow } from '../../../../src/surfaces/crawl/crawl-store';
import { compilePathFilter, type PathFilter } from '../../../../src/surfaces/crawl/path-filters';
import { deferred } from '../../../helpers/deferred';
import { FakeClock } from '../../../helpers/fake-clock';
import { useTempDatabase } from '../../../helpers/temp-database';

const JOB = 'job_crawl_runner_test';
const SITE = 'https://site.example';

/** A page of the fake site: the links it has, or how its visit ends instead. */
type FakePage = string[] | { fail: ScrapioError } | { skip: string };

/**
 * The crawl's visit hook over an in-memory site (absolute links, like the page visitor hands back). With
 * `held`, each visit waits until the test releases it, so the test sees what is in flight at every step.
 */
function fakeSite(pages: Record<string, FakePage>, options: { held?: boolean } = {}) {
  const visited: string[] = [];
  const inFlight = new Map<string, { release: () => void; signal: AbortSignal }>();
  let maxInFlight = 0;
  const arrivals: Array<() => void> = [];
  const visit = async (page: CrawlPageRow, signal: AbortSignal): Promise<PageVisit> => {
    visited.push(page.url);
    if (options.held) {
      const gate = deferred<void>();
      const release = () => {
        inFlight.delete(page.url);
        gate.resolve();
      };
      inFlight.set(page.url, { release, signal });
      maxInFlight = Math.max(maxInFlight, inFlight.size);
      arrivals.shift()?.();
      signal.addEventListener('abort', () => {
        inFlight.delete(page.url);
        gate.reject(signal.reason);
      });
      await gate.promise;
    }
    const found = pages[page.url.replace(SITE, '')];
    if (found === undefined) throw new ScrapioError('target_blocked', 'HTTP 404 from the target', { retryable: false });
    if ('fail' in found) throw found.fail;
    if ('skip' in found) return { outcome: { state: 'skipped', skipReason: found.skip }, links: [] };
    return { outcome: { state: 'succeeded', title: page.url }, links: found.map((link) => (link.startsWith('/') ? SITE + link : link)) };
  };
  /** Resolves once `count` visits are waiting to be released (a released visit stops counting at once). */
  const whenInFlight = async (count: number): Promise<void> => {
    while (inFlight.size < count) await new Promise<void>((resolve) => arrivals.push(resolve));
  };
  return { visit, visited, inFlight, whenInFlight, maxInFlight: () => maxInFlight };
}

const database = useTempDatabase();
let store: CrawlStore;
let clock: FakeClock;

beforeEach(async () => {
  await new JobStore(database.db).create({ id: JOB, tenant: 't', kind: 'crawl', priority: 1, input: {}, createdAt: 0 });
  store = new CrawlStore(database.db);
  clock = new FakeClock();
});

const allPaths: PathFilter = () => true;

function plan(overrides: Partial<CrawlPlan> = {}): CrawlPlan {
  return { jobId: JOB, seeds: [`${SITE}/`], maxPages: 100, maxDepth: 10, sameDomainOnly: true, pathFilter: allPaths, concurrency: 1, ...overrides };
}

function crawl(crawlPlan: CrawlPlan, visit: (page: CrawlPageRow, signal: AbortSignal) => Promise<PageVisit>, signal = new AbortController().signal) {
  const progress: Array<[number, number]> = [];
  const ended = runCrawl(crawlPlan, {
    store,
    logger: createLogger('silent'),
    signal,
    now: () => clock.now(),
    visit,
    onProgress: async (fetched, total) => void progress.push([fetched, total]),
  });
  return { ended, progress };
}

async function pages(): Promise<Array<Pick<CrawlPageRow, 'url' | 'depth' | 'state' | 'discovered_from'>>> {
  const rows = await database.db
    .selectFrom('crawl_pages')
    .select(['url', 'depth', 'state', 'discovered_from'])
    .where('job_id', '=', JOB)
    .orderBy('seq')
    .execute();
  return rows;
}

const SMALL_SITE: Record<string, FakePage> = {
  '/': ['/a', '/b', '/'],
  '/a': ['/a/1', '/', '/b'],
  '/b': ['/b/1'],
  '/a/1': ['/a/1/x'],
  '/b/1': [],
  '/a/1/x': [],
};

describe('runCrawl', () => {
  it('visits breadth-first, each URL once, and ends "exhausted" when the frontier is empty', async () => {
    const site = fakeSite(SMALL_SITE);
    const { ended, progress } = crawl(plan(), site.visit);
    expect(await ended).toBe('exhausted');
    expect(site.visited.map((url) => url.replace(SITE, ''))).toEqual(['/', '/a', '/b', '/a/1', '/b/1', '/a/1/x']);
    expect(await pages()).toEqual([
      { url: `${SITE}/`, depth: 0, state: 'succeeded', discovered_from: null },
      { url: `${SITE}/a`, depth: 1, state: 'succeeded', discovered_from: `${SITE}/` },
      { url: `${SITE}/b`, depth: 1, state: 'succeeded', discovered_from: `${SITE}/` },
      { url: `${SITE}/a/1`, depth: 2, state: 'succeeded', discovered_from: `${SITE}/a` },
      { url: `${SITE}/b/1`, depth: 2, state: 'succeeded', discovered_from: `${SITE}/b` },
      { url: `${SITE}/a/1/x`, depth: 3, state: 'succeeded', discovered_from: `${SITE}/a/1` },
    ]);
    expect(progress.at(-1)).toEqual([6, 6]);
  });

  it('stops at max_pages with "limit", leaving the rest of the frontier queued', async () => {
    const site = fakeSite(SMALL_SITE);
    const { ended, progress } = crawl(plan({ maxPages: 3 }), site.visit);
    expect(await ended).toBe('limit');
    expect(site.visited).toHaveLength(3);
    expect(await store.counts(JOB)).toMatchObject({ succeeded: 3, queued: 2 });
    expect(progress.at(-1)).toEqual([3, 3]);
  });

  it('does not use the page budget on skipped pages', async () => {
    const site = fakeSite({ '/': ['/robots-says-no', '/a'], '/robots-says-no': { skip: 'robots.txt' }, '/a': ['/b'], '/b': [] });
    const { ended } = crawl(plan({ maxPages: 3 }), site.visit);
    expect(await ended).toBe('exhausted');
    expect(await store.counts(JOB)).toMatchObject({ succeeded: 3, skipped: 1, queued: 0 });
  });

  it('does not enqueue links found at max_depth', async () => {
    const site = fakeSite(SMALL_SITE);
    const { ended } = crawl(plan({ maxDepth: 1 }), site.visit);
    expect(await ended).toBe('exhausted');
    expect((await pages()).map((page) => [page.url.replace(SITE, ''), page.depth])).toEqual([
      ['/', 0],
      ['/a', 1],
      ['/b', 1],
    ]);
  });

  it('stores a page whose visit throws as failed, with its error, and goes on', async () => {
    const site = fakeSite({ '/': ['/broken', '/a'], '/broken': { fail: new ScrapioError('target_unreachable', 'connection reset') }, '/a': [] });
    expect(await crawl(plan(), site.visit).ended).toBe('exhausted');
    const broken = await database.db.selectFrom('crawl_pages').selectAll().where('url', '=', `${SITE}/broken`).executeTakeFirstOrThrow();
    expect(broken).toMatchObject({ state: 'failed', error_code: 'target_unreachable', error_message: 'connection reset', fetched_at: clock.now() });
    expect(site.visited).toHaveLength(3);
  });

  it('keeps to the seeds’ site with same_domain_only (www. counts as the same site), and leaves it without', async () => {
    const links: Record<string, FakePage> = { '/': ['https://www.site.example/www', 'https://elsewhere.example/out'] };
    const onSite = fakeSite(links);
    await crawl(plan({ maxDepth: 1 }), onSite.visit).ended;
    expect(onSite.visited).toEqual([`${SITE}/`, 'https://www.site.example/www']);

    await database.db.deleteFrom('crawl_pages').execute();
    const anywhere = fakeSite(links);
    await crawl(plan({ maxDepth: 1, sameDomainOnly: false }), anywhere.visit).ended;
    expect(anywhere.visited).toEqual([`${SITE}/`, 'https://www.site.example/www', 'https://elsewhere.example/out']);
  });

  it('enqueues only discovered links that pass include/exclude paths (the seed always runs)', async () => {
    const compiled = compilePathFilter({ includePaths: ['^/docs'], excludePaths: ['/private'] });
    if (!compiled.ok) throw new Error(compiled.message);
    const site = fakeSite({ '/': ['/docs/a', '/blog/b', '/docs/private/c'], '/docs/a': ['/docs/a/deeper'], '/docs/a/deeper': [] });
    expect(await crawl(plan({ pathFilter: compiled.filter }), site.visit).ended).toBe('exhausted');
    expect(site.visited.map((url) => url.replace(SITE, ''))).toEqual(['/', '/docs/a', '/docs/a/deeper']);
  });

  it('keeps at most `concurrency` pages in flight', async () => {
    const site = fakeSite({ '/': ['/1', '/2', '/3', '/4', '/5'], '/1': [], '/2': [], '/3': [], '/4': [], '/5': [] }, { held: true });
    const { ended } = crawl(plan({ concurrency: 2 }), site.visit);
    await site.whenInFlight(1);
    site.inFlight.get(`${SITE}/`)?.release();
    for (let released = 0; released < 5; released += 1) {
      await site.whenInFlight(Math.min(2, 5 - released));
      expect(site.inFlight.size).toBe(Math.min(2, 5 - released));
      [...site.inFlight.values()][0].release();
    }
    expect(await ended).toBe('exhausted');
    expect(site.maxInFlight()).toBe(2);
    expect(site.visited).toHaveLength(6);
  });

  it('on abort, ends "aborted" and leaves pages in flight queued; the next run resumes without refetching', async () => {
    const site = fakeSite({ '/': ['/a', '/b', '/c'], '/a': [], '/b': [], '/c': [] }, { held: true });
    const controller = new AbortController();
    const first = crawl(plan({ concurrency: 2 }), site.visit, controller.signal);
    await site.whenInFlight(1);
    site.inFlight.get(`${SITE}/`)?.release();
    await site.whenInFlight(2);
    site.inFlight.get(`${SITE}/a`)?.release();
    await site.whenInFlight(2); // /b and /c
    controller.abort(new ScrapioError('cancelled', 'cancelled'));
    expect(await first.ended).toBe('aborted');
    expect(await store.counts(JOB)).toMatchObject({ succeeded: 2, queued: 2 });

    const resumed = fakeSite({ '/': ['/a', '/b', '/c'], '/a': [], '/b': [], '/c': [] });
    expect(await crawl(plan({ concurrency: 2 }), resumed.visit).ended).toBe('exhausted');
    expect(resumed.visited.map((url) => url.replace(SITE, ''))).toEqual(['/b', '/c']);
    expect(await store.counts(JOB)).toMatchObject({ succeeded: 4, queued: 0 });
  });
});
