import { ScrapioError } from '../../../../src/errors';
import type { SearchBackends } from '../../../../src/surfaces/search/backends/backend-registry';
import type { BackendName, SearchBackend, SearchHit, SearchOptions } from '../../../../src/surfaces/search/backends/search-backend';
import { runSearch, type FetchedResult, type SearchRunInput } from '../../../../src/surfaces/search/search-runner';

const hit = (n: number): SearchHit => ({ url: `https://site${n}.example/`, title: `Site ${n}`, snippet: `about **${n}**` });

class FakeBackend implements SearchBackend {
  calls: Array<{ query: string; options: SearchOptions }> = [];
  constructor(
    readonly name: BackendName,
    private readonly hits: SearchHit[],
  ) {}
  async search(query: string, options: SearchOptions): Promise<SearchHit[]> {
    this.calls.push({ query, options });
    return this.hits.slice(0, options.maxResults);
  }
}

function backends(hits: SearchHit[]): SearchBackends & Record<BackendName, FakeBackend> {
  return {
    duckduckgo: new FakeBackend('duckduckgo', hits),
    searxng: new FakeBackend('searxng', hits),
    brave: new FakeBackend('brave', hits),
    local: new FakeBackend('local', hits),
  };
}

const input = (overrides: Partial<SearchRunInput>): SearchRunInput => ({
  query: 'q',
  maxResults: 5,
  fetchResults: false,
  fetchOne: async () => ({ outputs: {} }),
  ...overrides,
});

describe('runSearch', () => {
  it('ranks hits 1..n without fetching, in the v1 result shape', async () => {
    const all = backends([hit(1), hit(2), hit(1), hit(3)]);
    const run = await runSearch(input({ maxResults: 3 }), { backends: all, googleBackend: 'duckduckgo', tenant: 't1' });
    expect(run).toEqual({
      partial: false,
      results: [
        { rank: 1, title: 'Site 1', url: 'https://site1.example/', snippet: 'about **1**' },
        { rank: 2, title: 'Site 2', url: 'https://site2.example/', snippet: 'about **2**' },
      ],
    });
    expect(all.duckduckgo.calls).toEqual([{ query: 'q', options: { maxResults: 3, tenant: 't1', signal: undefined } }]);
  });

  it('serves "google" (and no provider) with search.googleBackend, and EXT names directly', async () => {
    const all = backends([hit(1)]);
    const deps = { backends: all, googleBackend: 'local' as const, tenant: 't1' };
    await runSearch(input({ provider: 'google' }), deps);
    await runSearch(input({}), deps);
    await runSearch(input({ provider: 'brave' }), deps);
    expect([all.local.calls.length, all.brave.calls.length, all.duckduckgo.calls.length]).toEqual([2, 1, 0]);
  });

  it('fetches results with at most fetchConcurrency in flight, keeping rank order', async () => {
    const all = backends([1, 2, 3, 4, 5, 6, 7].map(hit));
    let inFlight = 0;
    let peak = 0;
    const pending: Array<() => void> = [];
    const fetchOne = (url: string) =>
      new Promise<FetchedResult>((resolve) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        pending.push(() => {
          inFlight -= 1;
          resolve({ outputs: { markdown: `# ${url}` } });
        });
      });
    const running = runSearch(input({ maxResults: 7, fetchResults: true, fetchOne }), {
      backends: all,
      googleBackend: 'duckduckgo',
      tenant: 't',
      fetchConcurrency: 3,
    });
    // Release the pages in reverse order of start, one at a time, as each new one starts.
    let released = 0;
    while (released < 7) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = pending.pop();
      if (next) {
        next();
        released += 1;
      }
    }
    const run = await running;
    expect(peak).toBe(3);
    expect(run.partial).toBe(false);
    expect(run.results.map((result) => [result.rank, result.status, result.outputs])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => [n, 'completed', { markdown: `# https://site${n}.example/` }]),
    );
  });

  it('marks the run partial when a result fails or is itself partial, keeping the others', async () => {
    const all = backends([1, 2, 3].map(hit));
    const fetchOne = async (url: string): Promise<FetchedResult> => {
      if (url.includes('site2')) throw new ScrapioError('target_blocked', 'The target refused the request with HTTP 403.');
      if (url.includes('site3')) return { outputs: { html: '<p>' }, status: 'partial' };
      return { outputs: { html: '<p>ok</p>' } };
    };
    const run = await runSearch(input({ fetchResults: true, fetchOne }), { backends: all, googleBackend: 'duckduckgo', tenant: 't' });
    expect(run.partial).toBe(true);
    expect(run.results).toEqual([
      { rank: 1, title: 'Site 1', url: 'https://site1.example/', snippet: 'about **1**', status: 'completed', outputs: { html: '<p>ok</p>' } },
      {
        rank: 2,
        title: 'Site 2',
        url: 'https://site2.example/',
        snippet: 'about **2**',
        status: 'failed',
        error: { code: 'target_blocked', message: 'The target refused the request with HTTP 403.' },
      },
      { rank: 3, title: 'Site 3', url: 'https://site3.example/', snippet: 'about **3**', status: 'partial', outputs: { html: '<p>' } },
    ]);
  });

  it('does not start fetches after the signal fired; those results carry its reason', async () => {
    const all = backends([1, 2].map(hit));
    const controller = new AbortController();
    const fetched: string[] = [];
    const fetchOne = async (url: string): Promise<FetchedResult> => {
      fetched.push(url);
      controller.abort(new ScrapioError('timeout', 'The job exceeded its time budget.'));
      return { outputs: {} };
    };
    const run = await runSearch(input({ fetchResults: true, fetchOne }), {
      backends: all,
      googleBackend: 'duckduckgo',
      tenant: 't',
      signal: controller.signal,
      fetchConcurrency: 1,
    });
    expect(fetched).toEqual(['https://site1.example/']);
    expect(run.results[1]).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    expect(run.partial).toBe(true);
  });

  it('lets a backend failure fail the search', async () => {
    const all = backends([]);
    all.duckduckgo.search = async () => {
      throw new ScrapioError('extraction_failed', 'layout');
    };
    await expect(runSearch(input({}), { backends: all, googleBackend: 'duckduckgo', tenant: 't' })).rejects.toMatchObject({ code: 'extraction_failed' });
  });
});
