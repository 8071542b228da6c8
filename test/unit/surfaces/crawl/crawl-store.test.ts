import { CrawlStore, type FrontierEntry } from '../../../../src/surfaces/crawl/crawl-store';
import { useTempDatabase } from '../../../helpers/temp-database';

const database = useTempDatabase();
let store: CrawlStore;
const JOB = 'job_crawl_store_test';

const entry = (url: string, depth: number, from: string | null = null): FrontierEntry => ({ url, dedupeKey: url, depth, discoveredFrom: from });

beforeEach(async () => {
  await database.db
    .insertInto('jobs')
    .values({
      id: JOB,
      tenant: 't',
      kind: 'crawl',
      status: 'running',
      priority: 1,
      input: '{}',
      webhook_url: null,
      created_at: 0,
      started_at: 0,
      completed_at: null,
      run_at: 0,
      locked_by: null,
      locked_at: null,
      attempt: 1,
      error_code: null,
      error_message: null,
      error_diagnostics: null,
      progress_completed: null,
      progress_total: null,
      result_expires_at: null,
    })
    .execute();
  store = new CrawlStore(database.db);
});

test('recordVisit stores the outcome and the new links together, and counts only the URLs new to the frontier', async () => {
  await store.enqueue(JOB, [entry('https://s/', 0)], 1);
  const inserted = await store.recordVisit(
    JOB,
    { seq: 1, state: 'succeeded', title: 'Home', outputs: { markdown: '# Home' }, fetchedAt: 5 },
    [entry('https://s/a', 1, 'https://s/'), entry('https://s/b', 1, 'https://s/')],
    2,
  );
  expect(inserted).toBe(2);

  // After a resume the in-memory caches are empty: a known URL offered again is not new, and not counted.
  const again = await store.recordVisit(
    JOB,
    { seq: 2, state: 'succeeded', fetchedAt: 6 },
    [entry('https://s/b', 2, 'https://s/a'), entry('https://s/c', 2, 'https://s/a')],
    4,
  );
  expect(again).toBe(1);

  const counts = await store.counts(JOB);
  expect(counts).toMatchObject({ succeeded: 2, queued: 2 });
  const queued = await store.nextQueued(JOB, 10);
  expect(queued.map((row) => [row.url, row.depth, row.discovered_from])).toEqual([
    ['https://s/b', 1, 'https://s/'],
    ['https://s/c', 2, 'https://s/a'],
  ]);
  const [home] = await store.fetchedPages(JOB, 0, 1);
  expect(home).toMatchObject({ url: 'https://s/', state: 'succeeded', title: 'Home' });
  expect(JSON.parse(home.outputs ?? 'null')).toEqual({ markdown: '# Home' });
});
