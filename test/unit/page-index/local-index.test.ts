import { LocalIndex } from '../../../src/page-index/local-index';
import { CORPUS, DOCS_SITE } from '../../helpers/search-corpus';
import { useTempDatabase } from '../../helpers/temp-database';

const database = useTempDatabase();
let index: LocalIndex;
let now: number;

beforeEach(async () => {
  now = 1_000_000;
  index = new LocalIndex(database.db, { now: () => now });
  for (const page of CORPUS) await index.index('tenant-a', page, 1000, null);
});

const urls = async (query: string, tenant = 'tenant-a', limit = 10) => (await index.search(tenant, query, limit)).map((hit) => hit.url.replace(DOCS_SITE, ''));

describe('LocalIndex', () => {
  it('ranks a title match first, then pages by how much they are about the term', async () => {
    const hits = await index.search('tenant-a', 'install', 10);
    expect(hits.map((hit) => hit.url.replace(DOCS_SITE, ''))).toEqual(['/install', '/quickstart']);
    expect(hits[0].title).toBe('Installing the server');
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    // Stemming: "installs", "installer" and "install" are one term.
    expect(hits[0].snippet).toContain('**Install**');
  });

  it('marks every matched term in the snippet with **', async () => {
    const [hit] = await index.search('tenant-a', 'webhook backoff', 1);
    expect(hit.url).toBe(`${DOCS_SITE}/webhooks`);
    expect(hit.snippet).toMatch(/\*\*webhook\*\*/);
    expect(hit.snippet).toMatch(/\*\*backoff\*\*/);
    expect(hit.snippet).not.toMatch(/\s{2}/);
  });

  it('answers phrase queries with pages that have the words adjacent, in order', async () => {
    expect(await urls('"rate limiter"')).toEqual(['/rate-limits']);
    // Both pages have both words; only one has them as a phrase.
    expect((await urls('rate limiter')).sort()).toEqual(['/politeness', '/rate-limits']);
  });

  it('answers prefix queries and ignores diacritics', async () => {
    expect(await urls('webho*')).toEqual(['/webhooks', '/changelog']);
    expect(await urls('"exponential back"*')).toEqual(['/webhooks']);
    expect(await urls('creme brulee')).toEqual(['/cafe']);
  });

  it('supports OR and exclusion', async () => {
    expect((await urls('screenshot OR sessions')).sort()).toEqual(['/changelog', '/screenshots', '/sessions']);
    expect(await urls('429 -crawler')).toEqual(['/rate-limits']);
    expect(await urls('429 NOT crawler')).toEqual(['/rate-limits']);
  });

  it('never lets FTS5 syntax from the user reach SQLite as syntax', async () => {
    const hostile = [
      '"',
      '""',
      'AND OR',
      'OR',
      'NOT',
      '*',
      '**',
      'NEAR(',
      'NEAR(a b)',
      '-',
      '--',
      ':',
      'title:webhooks',
      '(',
      ')',
      '^install',
      '+',
      '"unbalanced phrase',
      'a"b"c',
      "'; DROP TABLE search_pages; --",
      'install AND',
      'OR install',
      '😀',
      '\u0000',
      'x'.repeat(5000),
      Array(100).fill('install').join(' OR '),
    ];
    for (const query of hostile) {
      expect(Array.isArray(await index.search('tenant-a', query, 5))).toBe(true);
    }
    // A column filter is not interpreted: "title:webhooks" is the phrase "title webhooks", found nowhere.
    expect(await urls('title:webhooks')).toEqual([]);
    expect(await urls('webhooks:')).toEqual(['/webhooks', '/changelog']);
    expect(await urls('"install')).toEqual(['/install', '/quickstart']);
    expect(await urls('install AND')).toEqual(['/install', '/quickstart']);
    expect(await urls('NEAR(')).toEqual([]);
  });

  it('keeps tenants apart', async () => {
    await index.index('tenant-b', { url: 'https://b.example/secret', title: 'Install secrets', text: 'tenant b installs its own things' }, 1000, null);
    expect(await urls('install', 'tenant-a')).not.toContain('https://b.example/secret');
    expect(await urls('install', 'tenant-b')).toEqual(['https://b.example/secret']);
    expect(await urls('webhooks', 'tenant-b')).toEqual([]);
    expect(await urls('install', 'tenant-c')).toEqual([]);
  });

  it('replaces a re-indexed URL, and ignores a copy older than the indexed one', async () => {
    const url = `${DOCS_SITE}/webhooks`;
    await index.index('tenant-a', { url, title: 'Callbacks', text: 'Now called callbacks.' }, 2000, null);
    expect(await urls('deliveries')).toEqual([]);
    expect(await urls('callbacks')).toEqual(['/webhooks']);
    await index.index('tenant-a', { url, title: 'Webhooks', text: 'An old copy.' }, 1500, null);
    expect(await urls('callbacks')).toEqual(['/webhooks']);
    const count = database.sqlite.prepare('SELECT count(*) AS n FROM search_pages_fts').get() as { n: number };
    expect(count.n).toBe(CORPUS.length);
  });

  it('prunes expired pages with their text, and hides expired pages before the prune runs', async () => {
    await index.index('tenant-a', { url: 'https://tmp.example/a', title: 'Ephemeral zebra', text: 'zebra' }, 1000, 2_000_000);
    await index.index('tenant-a', { url: 'https://tmp.example/b', title: 'Lasting zebra', text: 'zebra' }, 1000, 3_000_000);
    expect(await urls('zebra')).toHaveLength(2);
    now = 2_000_000;
    expect(await urls('zebra')).toEqual(['https://tmp.example/b']);
    expect(await index.pruneExpired(2_000_000)).toBe(1);
    const remaining = database.sqlite.prepare("SELECT count(*) AS n FROM search_pages_fts WHERE search_pages_fts MATCH 'zebra'").get() as { n: number };
    expect(remaining.n).toBe(1);
    expect(await index.pruneExpired(2_000_000)).toBe(0);
  });
});
