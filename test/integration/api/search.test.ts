import fs from 'node:fs';
import path from 'node:path';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, KEY_B, startTestServer, waitForJob, type TestServer, withKey, stopAll } from '../../helpers/test-server';

let site: FixtureServer;
let ddg: FixtureServer;
let ts: TestServer;

const article = (title: string, text: string) =>
  html(`<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${text}</p></article></body></html>`);

beforeAll(async () => {
  site = await startFixtureServer({
    '/robots.txt': (_req, res) => void res.writeHead(404).end(),
    '/': html('<html><body><a href="/kafka">first</a> <a href="/sqlite">second</a> <a href="/cooking">third</a></body></html>'),
    '/kafka': article(
      'Kafka consumer groups',
      'Consumer groups let several consumers share the partitions of a topic; offsets are committed per group. This paragraph is long enough for Readability to take it as the article.',
    ),
    '/sqlite': article(
      'SQLite write-ahead logging',
      'In WAL mode readers do not block writers and a checkpoint moves pages back into the database file. This paragraph is long enough for Readability to take it as the article.',
    ),
    '/cooking': article(
      'Sourdough bread',
      'A starter, flour, water and salt; the dough rests overnight in a cool place before baking. This paragraph is long enough for Readability to take it as the article.',
    ),
    '/gone': html('nope', 403),
  });
  // The DuckDuckGo HTML results fixture, its result links pointed at the local site (tests reach 127.0.0.1 only).
  const targets = [`${site.url}/kafka`, `${site.url}/gone`, `${site.url}/sqlite`];
  const assigned = new Map<string, string>();
  const results = fs
    .readFileSync(path.resolve(__dirname, '../../fixtures/search/ddg-results.html'), 'utf8')
    .replace(/uddg=(https?[^&"]+)/g, (_match, original: string) => {
      if (!assigned.has(original)) assigned.set(original, targets[assigned.size % targets.length]);
      return `uddg=${encodeURIComponent(assigned.get(original)!)}`;
    })
    .replace(/https:\/\/direct\.example\.net\/docs\/search/g, `${site.url}/cooking`);
  ddg = await startFixtureServer({ '/html/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(results) });
  ts = await startTestServer({ search: { duckduckgo: { baseUrl: ddg.url } }, workers: { maxAttempts: 1 } });
});

afterAll(() => stopAll(ts, site, ddg));

describe('POST /v1/search', () => {
  it('searches the local index of pages this tenant crawled, offline, ranked by relevance', async () => {
    const crawl = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${site.url}/`], max_pages: 10, max_depth: 1 });
    expect(crawl.status).toBe(200);
    const res = await ts.api.post('/v1/search').set(bearer(KEY_A)).send({ query: 'consumer offsets', provider: 'local' });
    expect(res.status).toBe(200);
    expect(res.body.result.results[0]).toMatchObject({ rank: 1, url: `${site.url}/kafka`, title: 'Kafka consumer groups' });
    expect(res.body.result.results[0].snippet).toContain('**');
    const phrase = await ts.api.post('/v1/search').set(bearer(KEY_A)).send({ query: '"write-ahead logging"', provider: 'local' });
    expect(phrase.body.result.results.map((r: { url: string }) => r.url)).toEqual([`${site.url}/sqlite`]);
    // Another tenant's index is empty.
    const other = await ts.api.post('/v1/search').set(bearer(KEY_B)).send({ query: 'consumer', provider: 'local' });
    expect(other.body.result.results).toEqual([]);
  });

  it('serves the v1 provider "google" with the configured backend and says "google"', async () => {
    const res = await ts.api.post('/v1/search').set(bearer(KEY_A)).send({ query: 'anything', max_results: 3 });
    expect(res.status).toBe(200);
    expectSpecValid('SearchWorkflowResponse', res.body);
    expect(res.body.result.provider).toBe('google');
    expect(res.body.result.results.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3]);
    expect(ddg.hits.some((hit) => hit.startsWith('GET /html/'))).toBe(true);
  });

  it('fetches each result with fetch_results and is partial when one fails', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/search', {
      query: 'kafka OR sqlite OR sourdough',
      provider: 'local',
      fetch_results: true,
      output: ['markdown'],
    });
    expect(res.status).toBe(200);
    expect(res.body.result.results.length).toBe(3);
    for (const item of res.body.result.results) {
      expect(item.status).toBe('completed');
      expect(item.outputs.markdown).toContain(item.title);
    }
    const web = await withKey(ts.api, KEY_A).post('/v1/search', { query: 'anything', fetch_results: true, max_results: 4, output: ['markdown'] });
    expectSpecValid('SearchWorkflowResponse', web.body);
    expect(web.body.status).toBe('partial');
    const gone = web.body.result.results.find((item: { url: string }) => item.url === `${site.url}/gone`);
    expect(gone).toMatchObject({ status: 'failed', error: { code: 'target_blocked' } });
    expect(web.body.diagnostics.step_errors).toEqual([expect.objectContaining({ code: 'target_blocked', url: `${site.url}/gone` })]);
    const kafka = web.body.result.results.find((item: { url: string }) => item.url === `${site.url}/kafka`);
    expect(kafka.outputs.markdown).toContain('Consumer groups');
  });

  it('refuses output without fetch_results, and runs as a job', async () => {
    const bad = await withKey(ts.api, KEY_A).post('/v1/search', { query: 'x', output: ['markdown'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('fetch_results');
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'search', input: { query: 'sourdough', provider: 'local' } });
    const status = await waitForJob(ts.api, KEY_A, submit.body.job_id);
    expect(status.status).toBe('completed');
    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expectSpecValid('JobResultResponse', result.body);
    expect(result.body.result.results[0].url).toBe(`${site.url}/cooking`);
  });
});
