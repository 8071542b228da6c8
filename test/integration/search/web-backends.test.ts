import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { HttpClient } from '../../../src/engine/http/http-client';
import { NetworkPolicy } from '../../../src/engine/network/network-policy';
import { ScrapioError } from '../../../src/errors';
import { BraveBackend } from '../../../src/surfaces/search/backends/brave-backend';
import { DuckDuckGoBackend } from '../../../src/surfaces/search/backends/duckduckgo-backend';
import type { SearchBackend } from '../../../src/surfaces/search/backends/search-backend';
import { SearxngBackend } from '../../../src/surfaces/search/backends/searxng-backend';
import { startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';

// Every backend talks to a fixture server on 127.0.0.1 through a real HttpClient whose policy allow-lists
// 127.0.0.1, exactly as production code would reach the real engines.

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../fixtures/search', name), 'utf8');

interface Answer {
  status?: number;
  type?: string;
  body: string;
  headers?: Record<string, string>;
}

let server: FixtureServer;
let client: HttpClient;
let answer: Answer;
let lastRequest: http.IncomingMessage | undefined;

beforeAll(async () => {
  const respond = (req: http.IncomingMessage, res: http.ServerResponse) => {
    lastRequest = req;
    res.writeHead(answer.status ?? 200, { 'content-type': answer.type ?? 'text/html; charset=utf-8', ...answer.headers }).end(answer.body);
  };
  server = await startFixtureServer({ '/html/': respond, '/search': respond, '/res/v1/web/search': respond, '/searx/search': respond });
  client = new HttpClient({ policy: new NetworkPolicy({ allow: ['127.0.0.1'] }), userAgent: 'scrapio-test', maxResponseBytes: 1_000_000, maxRedirects: 3 });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

beforeEach(() => {
  lastRequest = undefined;
});

const search = (backend: SearchBackend, query = 'sqlite fts5', maxResults = 10) => backend.search(query, { maxResults, tenant: 't' });
const requested = () => new URL(lastRequest?.url ?? '/', server.url);

async function failure(promise: Promise<unknown>): Promise<ScrapioError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ScrapioError);
  return error as ScrapioError;
}

describe('duckduckgo backend', () => {
  const ddg = () => new DuckDuckGoBackend(client, { baseUrl: server.url, timeoutMs: 5000 });

  it('parses organic results, unwraps redirect links, skips ads and non-web links, marks highlights', async () => {
    answer = { body: fixture('ddg-results.html') };
    const hits = await search(ddg());
    expect(requested().pathname).toBe('/html/');
    expect(requested().searchParams.get('q')).toBe('sqlite fts5');
    expect(hits).toEqual([
      {
        url: 'https://www.sqlite.org/fts5.html',
        title: 'SQLite FTS5 Extension',
        snippet: expect.stringMatching(/^\*\*FTS5\*\* is an \*\*SQLite\*\* virtual table module .* search term\.$/),
      },
      {
        url: 'https://example.com/blog/fts5?a=1&b=2#intro',
        title: 'Full-text search with SQLite & Node.js',
        snippet: 'A walkthrough of **fts5 tables**, bm25() ranking and snippet() <highlighting> in a small app.',
      },
      { url: 'https://direct.example.net/docs/search', title: 'Direct link without redirector', snippet: 'Some engines link straight to the target.' },
      { url: 'https://stackoverflow.com/questions/1/fts5-prefix', title: 'How do FTS5 prefix queries work?', snippet: 'Use a trailing asterisk.' },
    ]);
  });

  it('returns at most maxResults hits', async () => {
    answer = { body: fixture('ddg-results.html') };
    expect((await search(ddg(), 'sqlite fts5', 2)).map((hit) => hit.url)).toEqual([
      'https://www.sqlite.org/fts5.html',
      'https://example.com/blog/fts5?a=1&b=2#intro',
    ]);
  });

  it('returns an empty list for its "No results." page', async () => {
    answer = { body: fixture('ddg-no-results.html') };
    expect(await search(ddg(), 'zxqvjkwpf')).toEqual([]);
  });

  it('fails with extraction_failed when the page layout is not recognised', async () => {
    answer = { body: fixture('ddg-changed-layout.html') };
    const error = await failure(search(ddg()));
    expect(error.code).toBe('extraction_failed');
    expect(error.message).toMatch(/duckduckgo results page layout was not recognised/);
  });

  it('fails with extraction_failed when result blocks no longer hold a .result__a link', async () => {
    answer = { body: '<html><body><div class="results"><div class="result"><h2><a href="https://a.example/">A</a></h2></div></div></body></html>' };
    expect((await failure(search(ddg()))).code).toBe('extraction_failed');
  });

  it('fails with target_blocked when it answers its bot challenge', async () => {
    answer = { status: 202, body: fixture('ddg-challenge.html') };
    const error = await failure(search(ddg()));
    expect(error).toMatchObject({ code: 'target_blocked', retryable: true, blocked: true });
  });

  it('turns a 429 into a retryable target_blocked that says the backend rate-limited us', async () => {
    answer = { status: 429, body: 'slow down', headers: { 'retry-after': '30' } };
    const error = await failure(search(ddg()));
    expect(error).toMatchObject({ code: 'target_blocked', retryable: true, status: 502 });
    expect(error.message).toMatch(/duckduckgo search backend rate-limited the request \(HTTP 429, Retry-After 30\)/);
  });

  it('goes through the network policy: without the allow-list entry 127.0.0.1 is refused', async () => {
    const strict = new HttpClient({ policy: new NetworkPolicy({ allow: [] }), userAgent: 'scrapio-test', maxResponseBytes: 1_000_000, maxRedirects: 3 });
    try {
      const error = await failure(search(new DuckDuckGoBackend(strict, { baseUrl: server.url, timeoutMs: 5000 })));
      expect(error.code).toBe('url_not_allowed');
      expect(lastRequest).toBeUndefined();
    } finally {
      await strict.close();
    }
  });
});

describe('searxng backend', () => {
  const json = (body: string, status = 200): Answer => ({ status, type: 'application/json', body });

  it('reads results[].url/title/content from the JSON API', async () => {
    answer = json(fixture('searxng-results.json'));
    const hits = await search(new SearxngBackend(client, { baseUrl: server.url, timeoutMs: 5000 }));
    expect(requested().pathname).toBe('/search');
    expect(Object.fromEntries(requested().searchParams)).toEqual({ q: 'sqlite fts5', format: 'json' });
    expect(hits).toEqual([
      {
        url: 'https://www.sqlite.org/fts5.html',
        title: 'SQLite FTS5 Extension',
        snippet: 'FTS5 is an SQLite virtual table module that provides full-text search functionality to database applications.',
      },
      { url: 'https://example.com/blog/fts5', title: 'Full-text search with SQLite', snippet: 'Ranking with bm25() where a < b and snippets are short.' },
      { url: 'https://stackoverflow.com/questions/1/fts5-prefix', title: 'How do FTS5 prefix queries work?', snippet: '' },
    ]);
  });

  it('keeps the path of an instance served under one', async () => {
    answer = json('{"results": []}');
    expect(await search(new SearxngBackend(client, { baseUrl: `${server.url}/searx`, timeoutMs: 5000 }))).toEqual([]);
    expect(requested().pathname).toBe('/searx/search');
  });

  it('names the config key when no instance is configured', async () => {
    const error = await failure(search(new SearxngBackend(client, { timeoutMs: 5000 })));
    expect(error.message).toMatch(/search\.searxng\.baseUrl/);
    expect(lastRequest).toBeUndefined();
  });

  it('fails with extraction_failed on an HTML answer or JSON without results', async () => {
    const backend = new SearxngBackend(client, { baseUrl: server.url, timeoutMs: 5000 });
    answer = { body: '<html><body>SearXNG</body></html>' };
    expect((await failure(search(backend))).code).toBe('extraction_failed');
    answer = json('{"query": "x"}');
    const error = await failure(search(backend));
    expect(error.code).toBe('extraction_failed');
    expect(error.message).toMatch(/"results" array/);
  });

  it('explains a 403 (json format disabled) and a 429', async () => {
    const backend = new SearxngBackend(client, { baseUrl: server.url, timeoutMs: 5000 });
    answer = { status: 403, body: 'Forbidden' };
    const forbidden = await failure(search(backend));
    expect(forbidden).toMatchObject({ code: 'target_blocked', retryable: false });
    expect(forbidden.message).toMatch(/search\.formats/);
    answer = { status: 429, body: 'Too Many Requests' };
    expect(await failure(search(backend))).toMatchObject({ code: 'target_blocked', retryable: true });
  });
});

describe('brave backend', () => {
  const brave = (apiKey: string | undefined = 'brave-token-123') => new BraveBackend(client, { baseUrl: server.url, apiKey, timeoutMs: 5000 });
  const json = (body: string, status = 200): Answer => ({ status, type: 'application/json', body });

  it('sends the subscription token and count, and reads web.results', async () => {
    answer = json(fixture('brave-results.json'));
    const hits = await search(brave(), 'sqlite fts5', 5);
    expect(lastRequest?.headers['x-subscription-token']).toBe('brave-token-123');
    expect(requested().pathname).toBe('/res/v1/web/search');
    expect(Object.fromEntries(requested().searchParams)).toEqual({ q: 'sqlite fts5', count: '5' });
    expect(hits).toEqual([
      {
        url: 'https://www.sqlite.org/fts5.html',
        title: 'SQLite FTS5 Extension',
        snippet: '**FTS5** is an **SQLite** virtual table module that provides full-text search functionality to database applications.',
      },
      { url: 'https://example.com/blog/fts5', title: 'Full-text search with SQLite & Node.js', snippet: "It's a walkthrough of **fts5** tables." },
    ]);
  });

  it('returns an empty list when nothing matched (no web section)', async () => {
    answer = json(fixture('brave-no-results.json'));
    expect(await search(brave(), 'zxqvjkwpf')).toEqual([]);
  });

  it('fails with extraction_failed on an answer that is not a Brave search answer', async () => {
    answer = json('{"error": "something else"}');
    expect((await failure(search(brave()))).code).toBe('extraction_failed');
    answer = { body: 'not json' };
    expect((await failure(search(brave()))).code).toBe('extraction_failed');
  });

  it('turns a 429 into a retryable target_blocked, and a refused token into a hint about the key', async () => {
    answer = json('{"type": "ErrorResponse"}', 429);
    expect(await failure(search(brave()))).toMatchObject({ code: 'target_blocked', retryable: true });
    answer = json('{"type": "ErrorResponse"}', 422);
    const refused = await failure(search(brave()));
    expect(refused).toMatchObject({ code: 'target_blocked', retryable: false });
    expect(refused.message).toMatch(/search\.brave\.apiKey/);
  });

  it('names the config key when no API key is configured', async () => {
    const error = await failure(search(brave('')));
    expect(error.message).toMatch(/search\.brave\.apiKey/);
    expect(lastRequest).toBeUndefined();
  });
});
