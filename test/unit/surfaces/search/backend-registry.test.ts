import { HttpClient } from '../../../../src/engine/http/http-client';
import { NetworkPolicy } from '../../../../src/engine/network/network-policy';
import { createSearchBackends, resolveBackend } from '../../../../src/surfaces/search/backends/backend-registry';
import { LocalIndex } from '../../../../src/page-index/local-index';
import { useTempDatabase } from '../../../helpers/temp-database';

const database = useTempDatabase();
let http: HttpClient;

beforeEach(() => {
  http = new HttpClient({ policy: new NetworkPolicy({ allow: [] }), userAgent: 'scrapio-test', maxResponseBytes: 1000, maxRedirects: 1 });
});

afterEach(async () => {
  await http.close();
});

describe('search backends', () => {
  it('resolves "google" to search.googleBackend and EXT names to themselves', () => {
    expect(resolveBackend('google', 'duckduckgo')).toBe('duckduckgo');
    expect(resolveBackend(undefined, 'searxng')).toBe('searxng');
    expect(resolveBackend('local', 'duckduckgo')).toBe('local');
  });

  it('builds every backend by name; the local one searches the tenant of the request', async () => {
    const index = new LocalIndex(database.db, { now: () => 0 });
    await index.index('t1', { url: 'https://a.example/untitled', title: '', text: 'a page about otters' }, 1, null);
    const backends = createSearchBackends({ requestTimeoutMs: 1000 }, http, index);
    expect(Object.values(backends).map((backend) => backend.name)).toEqual(['duckduckgo', 'searxng', 'brave', 'local']);
    expect(await backends.local.search('otters', { maxResults: 5, tenant: 't1' })).toEqual([
      { url: 'https://a.example/untitled', title: 'https://a.example/untitled', snippet: 'a page about **otters**' },
    ]);
    expect(await backends.local.search('otters', { maxResults: 5, tenant: 't2' })).toEqual([]);
  });
});
