import { ScrapioError } from '../../../../src/errors';
import { JobStore } from '../../../../src/jobs/job-store';
import { crawlPageRange, pageMeta, type FetchedRangePage } from '../../../../src/surfaces/shared/page-range-crawl';
import { SitePageStore } from '../../../../src/surfaces/shared/site-page-store';
import { useTempDatabase } from '../../../helpers/temp-database';

const database = useTempDatabase();

async function newJob(id: string): Promise<void> {
  await new JobStore(database.db).create({ id, tenant: 't1', kind: 'amazon_search_crawl', priority: 0, input: {}, createdAt: 1 });
}

/** A site of `last` pages; page n holds one item "p<n>". Records which pages were asked for. */
function site(last: number, fail?: (page: number) => Error | undefined) {
  const asked: number[] = [];
  const fetchPage = async (page: number): Promise<FetchedRangePage<string, { total: number }>> => {
    asked.push(page);
    const error = fail?.(page);
    if (error) throw error;
    return { items: [`p${page}`], meta: { total: last }, hasNext: page < last };
  };
  return { asked, fetchPage };
}

const crawl = (
  store: SitePageStore,
  fetchPage: ReturnType<typeof site>['fetchPage'],
  startPage: number,
  endPage: number,
  signal = new AbortController().signal,
) => crawlPageRange({ jobId: 'job-1', startPage, endPage, store, signal, now: () => 5, fetchPage });

describe('crawlPageRange', () => {
  it('reads start..end, stores each page with its meta, and stops after the last page the site has', async () => {
    await newJob('job-1');
    const store = new SitePageStore(database.db);
    const { asked, fetchPage } = site(3);
    expect(await crawl(store, fetchPage, 2, 9)).toEqual({});
    expect(asked).toEqual([2, 3]);
    const pages = await store.pages<string, { total: number }>('job-1');
    expect(pages.map((page) => [page.page, page.items, pageMeta(page)])).toEqual([
      [2, ['p2'], { total: 3 }],
      [3, ['p3'], { total: 3 }],
    ]);
    // Run again (a restart after the end): nothing is fetched.
    const again = site(3);
    await crawl(store, again.fetchPage, 2, 9);
    expect(again.asked).toEqual([]);
  });

  it('resumes after the stored pages; a later page that fails for good stops it, a retryable one is thrown', async () => {
    await newJob('job-1');
    const store = new SitePageStore(database.db);
    const retryable = site(5, (page) => (page === 2 ? new ScrapioError('target_blocked', 'robot check', { blocked: true }) : undefined));
    await expect(crawl(store, retryable.fetchPage, 1, 5)).rejects.toMatchObject({ code: 'target_blocked' });
    expect(retryable.asked).toEqual([1, 2]);

    const broken = site(5, (page) => (page === 3 ? new ScrapioError('extraction_failed', 'layout changed') : undefined));
    expect(await crawl(store, broken.fetchPage, 1, 5)).toEqual({ stopped: { page: 3, code: 'extraction_failed', message: 'layout changed' } });
    expect(broken.asked).toEqual([2, 3]);
    expect((await store.pages('job-1')).map((page) => page.page)).toEqual([1, 2]);
  });

  it('a failure on the first page is thrown, whatever it is', async () => {
    await newJob('job-1');
    const { fetchPage } = site(5, () => new ScrapioError('extraction_failed', 'layout changed'));
    await expect(crawl(new SitePageStore(database.db), fetchPage, 1, 5)).rejects.toMatchObject({ code: 'extraction_failed' });
  });

  it('retention deletes the pages of jobs whose result expired, and only those', async () => {
    await newJob('job-1');
    await newJob('job-2');
    const store = new SitePageStore(database.db);
    await store.save('job-1', { page: 1, items: ['a'], meta: {} }, 1);
    await store.save('job-2', { page: 1, items: ['b'], meta: {} }, 1);
    await database.db.updateTable('jobs').set({ result_expires_at: 100 }).where('id', '=', 'job-1').execute();
    await database.db.updateTable('jobs').set({ result_expires_at: 1000 }).where('id', '=', 'job-2').execute();
    expect(await store.pruneExpired(500)).toBe(1);
    expect(await store.pages('job-1')).toEqual([]);
    expect(await store.pages('job-2')).toHaveLength(1);
  });
});
