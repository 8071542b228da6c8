import pino from 'pino';
import { IndexBatch } from '../../../src/page-index/index-batch';
import { LocalIndex } from '../../../src/page-index/local-index';
import { useTempDatabase } from '../../helpers/temp-database';

const database = useTempDatabase();
let index: LocalIndex;

beforeEach(() => {
  index = new LocalIndex(database.db, { now: () => 1_000 });
});

const page = (n: number) => ({ url: `https://site.test/${n}`, title: `Page ${n}`, text: `harbour lighthouse number${n}` });
const found = async (query: string) => (await index.search('tenant', query, 100)).map((hit) => hit.url);

test('pages are written when a batch fills, the rest on flush; a later copy of a URL wins', async () => {
  const batch = new IndexBatch(index, 'tenant', pino({ level: 'silent' }), { maxPages: 3, maxDelayMs: 60_000 });
  for (let n = 1; n <= 4; n += 1) batch.add({ page: page(n), fetchedAt: 10, expiresAt: null });
  batch.add({ page: { ...page(1), text: 'replaced with a windmill' }, fetchedAt: 20, expiresAt: null });
  await new Promise((resolve) => setImmediate(resolve));
  expect((await found('lighthouse')).sort()).toEqual(['https://site.test/1', 'https://site.test/2', 'https://site.test/3']);

  await batch.flush();
  expect((await found('lighthouse')).sort()).toEqual(['https://site.test/2', 'https://site.test/3', 'https://site.test/4']);
  expect(await found('windmill')).toEqual(['https://site.test/1']);
});

test('after close(), a late page is written at once', async () => {
  const batch = new IndexBatch(index, 'tenant', pino({ level: 'silent' }), { maxPages: 50, maxDelayMs: 60_000 });
  await batch.close();
  batch.add({ page: page(9), fetchedAt: 10, expiresAt: null });
  await batch.flush();
  expect(await found('number9')).toEqual(['https://site.test/9']);
});

test('a page waits at most maxDelayMs; a failed write is logged, not thrown', async () => {
  const batch = new IndexBatch(index, 'tenant', pino({ level: 'silent' }), { maxPages: 50, maxDelayMs: 20 });
  batch.add({ page: page(7), fetchedAt: 10, expiresAt: null });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await found('number7')).toEqual(['https://site.test/7']);

  const warnings: unknown[] = [];
  const failing = new IndexBatch({ indexMany: async () => Promise.reject(new Error('disk full')) } as unknown as LocalIndex, 'tenant', {
    warn: (...args: unknown[]) => void warnings.push(args),
  } as unknown as pino.Logger);
  failing.add({ page: page(8), fetchedAt: 10, expiresAt: null });
  await expect(failing.flush()).resolves.toBeUndefined();
  expect(warnings).toHaveLength(1);
});
