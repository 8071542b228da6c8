import fs from 'node:fs';
import path from 'node:path';
import { startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, startTestServer, stopAll, type TestServer } from '../../helpers/test-server';

/**
 * GET /v1/google/search through the real server, answered by the default search.googleBackend (DuckDuckGo),
 * here a fixture serving a saved DuckDuckGo HTML results page.
 */
let ddg: FixtureServer;
let ts: TestServer;
const queries: string[] = [];

beforeAll(async () => {
  const results = fs.readFileSync(path.resolve(__dirname, '../../fixtures/search/ddg-results.html'), 'utf8');
  ddg = await startFixtureServer({
    '/html/': (_req, res, { url }) => {
      const q = url.searchParams.get('q') ?? '';
      queries.push(q);
      if (q === 'refused') return void res.writeHead(403, { 'content-type': 'text/html' }).end('<html><body>Forbidden</body></html>');
      res.writeHead(200, { 'content-type': 'text/html' }).end(results);
    },
  });
  ts = await startTestServer({ search: { duckduckgo: { baseUrl: ddg.url } } });
});

afterAll(() => stopAll(ts, ddg));

beforeEach(() => {
  queries.length = 0;
});

const search = (query: Record<string, string>) => ts.api.get('/v1/google/search').query(query).set(bearer(KEY_A));

describe('GET /v1/google/search', () => {
  it('answers organic results from the configured backend, in the v1 GoogleSearchSuccessResponse shape', async () => {
    const res = await search({ search: 'sqlite fts5', country_code: 'us', language: 'en', device: 'desktop' });
    expect(res.status).toBe(200);
    expectSpecValid('GoogleSearchSuccessResponse', res.body);
    expect(queries).toEqual(['sqlite fts5']);
    expect(res.body.meta_data).toEqual({
      query: 'sqlite fts5',
      search_type: 'classic',
      page: 1,
      backend: 'duckduckgo',
      number_of_results: res.body.organic_results.length,
      country_code: 'us',
      language: 'en',
      device: 'desktop',
    });
    expect(res.body.organic_results.length).toBeGreaterThan(1);
    expect(res.body.organic_results[0]).toEqual({
      position: 1,
      title: expect.stringContaining('SQLite'),
      url: 'https://www.sqlite.org/fts5.html',
      displayed_url: 'sqlite.org › fts5.html',
      snippet: expect.any(String),
    });
    expect(res.body.organic_results.map((result: { position: number }) => result.position)).toEqual(
      res.body.organic_results.map((_: unknown, index: number) => index + 1),
    );
  });

  it('a page past the results the backend has is an empty page, numbered on from page 1', async () => {
    const res = await search({ search: 'sqlite fts5', page: '2' });
    expect(res.status).toBe(200);
    expectSpecValid('GoogleSearchSuccessResponse', res.body);
    expect(res.body.meta_data).toMatchObject({ page: 2, number_of_results: 0 });
    expect(res.body.organic_results).toEqual([]);
  });

  it("search types that need Google's own SERP blocks are refused, not answered empty", async () => {
    const res = await search({ search: 'sqlite', search_type: 'news' });
    expect(res.status).toBe(400);
    expectSpecValid('GoogleErrorResponse', res.body);
    expect(res.body.error).toEqual({ code: 'invalid_request', message: expect.stringMatching(/^search_type: "news" is not available here.*duckduckgo/) });
    expect(queries).toEqual([]);
  });

  it.each<[Record<string, string>, RegExp]>([
    [{}, /^search: is required/],
    [{ search: 'x', page: '0' }, /^page: must be at least 1/],
    [{ search: 'x', page: '11' }, /^page: must be at most 10/],
    [{ search: 'x', page: 'two' }, /^page: must be a positive integer/],
    [{ search: 'x', device: 'tablet' }, /^device: /],
    [{ search: 'x', country_code: 'usa' }, /^country_code: /],
    [{ search: 'x', date_range: 'yesterday' }, /^date_range: /],
    [{ search: 'x', latitude: 'north' }, /^latitude: must be a number/],
    [{ search: 'x', latitude: '91' }, /^latitude: /],
    [{ search: 'x', nfpr: 'yes' }, /^nfpr: must be true or false/],
    [{ search: 'x', sort_by: 'newest' }, /^sort_by: /],
    [{ search: 'x', q: 'x' }, /unknown field "q"/],
  ])('%j → 400 invalid_request in the GoogleErrorResponse shape', async (query, message) => {
    const res = await search(query);
    expect(res.status).toBe(400);
    expectSpecValid('GoogleErrorResponse', res.body);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(message);
  });

  it('a backend that refuses is 502 target_blocked, its diagnostics inside `error` as the closed schema wants', async () => {
    const res = await search({ search: 'refused' });
    expect(res.status).toBe(502);
    expectSpecValid('GoogleErrorResponse', res.body);
    expect(res.body.error).toMatchObject({ code: 'target_blocked', diagnostics: { outcome: 'failed', blocked: 'true' } });
  });

  it('needs an API key', async () => {
    const res = await ts.api.get('/v1/google/search').query({ search: 'x' });
    expect(res.status).toBe(401);
    expectSpecValid('GoogleErrorResponse', res.body);
  });
});
