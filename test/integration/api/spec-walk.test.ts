import fs from 'node:fs';
import path from 'node:path';
import { startAmazonSite, type AmazonSite } from '../../helpers/amazon-site';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, startTestServer, stopAll, waitForJob, type TestServer } from '../../helpers/test-server';
import { startWalmartSite, type WalmartSite } from '../../helpers/walmart-site';
import { startYouTubeSite, type YouTubeSite } from '../../helpers/youtube-site';

/**
 * Walks every operation of the hosted v1 spec: each one's valid minimal request, sent as a client generated
 * from the spec would send it, gets one of the operation's declared 2xx answers (so never 404 or 501), and
 * the body validates against the schema the spec declares for that status.
 */
const SPEC_PATH = process.env.SCRAPIO_SPEC_PATH ?? path.resolve(__dirname, '../../../../shared/api/scrapio-openapi-v1.json');

interface SpecOperation {
  operationId: string;
  method: 'get' | 'post';
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

interface MinimalRequest {
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  path?: Record<string, string>;
}

function specOperations(): SpecOperation[] {
  const spec = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8')) as { paths: Record<string, Record<string, Omit<SpecOperation, 'method' | 'path'>>> };
  return Object.entries(spec.paths).flatMap(([specPath, item]) =>
    Object.entries(item)
      .filter(([method]) => method === 'get' || method === 'post')
      .map(([method, operation]) => ({ ...operation, method: method as 'get' | 'post', path: specPath })),
  );
}

let site: FixtureServer;
let ddg: FixtureServer;
let youtube: YouTubeSite;
let amazon: AmazonSite;
let walmart: WalmartSite;
let ts: TestServer;
let jobId: string;

/** The valid minimal request of every routed operation (the spec's required parameters and body fields only). */
const requests = (): Record<string, MinimalRequest> => ({
  healthCheck: {},
  createFetch: { body: { url: `${site.url}/article` } },
  googleSearch: { query: { search: 'sqlite fts5' } },
  crawlSite: { body: { seeds: [`${site.url}/article`] } },
  mapSite: { body: { seeds: [`${site.url}/`] } },
  interactWithPage: { body: { url: `${site.url}/article`, actions: [{ type: 'wait_for', selector: 'h1' }] } },
  searchWorkflow: { body: { query: 'sqlite fts5' } },
  getJob: { path: { id: jobId } },
  createJob: { body: { kind: 'fetch', input: { url: `${site.url}/article` } } },
  getJobResult: { path: { id: jobId } },
  cancelJob: { path: { id: jobId } },
  queueYouTubeSearchCrawl: { body: { search: 'javascript tutorial' } },
  youtubeSearch: { query: { search: 'javascript tutorial' } },
  getYouTubeVideo: { path: { video_id: 'W6NZfCO5SIk' } },
  getYouTubeSubtitles: { query: { video_id: 'W6NZfCO5SIk' } },
  queueAmazonSearchCrawl: { query: { search: 'wireless headphones', end_page: '1' } },
  getAmazonProduct: { query: { asin: 'B0863TXGM3' } },
  getAmazonPricing: { query: { asin: 'B0863TXGM3' } },
  searchAmazon: { query: { search: 'wireless headphones' } },
  searchWalmart: { query: { search: 'coffee maker' } },
  getWalmartProduct: { query: { product_id: '10001' } },
  queueWalmartSearchCrawl: { query: { search: 'coffee maker', end_page: '1' } },
});

beforeAll(async () => {
  const article =
    '<html><head><title>Full-text search</title></head><body><article><h1>Full-text search</h1><p>SQLite FTS5 ranks matches with bm25; this paragraph is long enough for Readability to take it as the article.</p></article></body></html>';
  site = await startFixtureServer({
    '/robots.txt': (_req, res) => void res.writeHead(404).end(),
    '/': html(`<html><body><a href="/article">article</a></body></html>`),
    '/article': html(article),
  });
  const results = fs.readFileSync(path.resolve(__dirname, '../../fixtures/search/ddg-results.html'), 'utf8');
  ddg = await startFixtureServer({ '/html/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(results) });
  youtube = await startYouTubeSite();
  amazon = await startAmazonSite();
  walmart = await startWalmartSite();
  ts = await startTestServer({
    search: { duckduckgo: { baseUrl: ddg.url } },
    youtube: { baseUrl: youtube.url, perRequestDelayMs: 0 },
    amazon: { baseUrl: amazon.url, perRequestDelayMs: 0 },
    walmart: { baseUrl: walmart.url, perRequestDelayMs: 0 },
  });
  // The job getJob, getJobResult and cancelJob are asked about: a finished fetch job.
  const submitted = await ts.api
    .post('/v1/jobs')
    .set(bearer(KEY_A))
    .send({ kind: 'fetch', input: { url: `${site.url}/article` } });
  jobId = submitted.body.job_id as string;
  await waitForJob(ts.api, KEY_A, jobId);
});

afterAll(() => stopAll(ts, site, ddg, youtube, amazon, walmart));

describe('the v1 spec walk', () => {
  const operations = specOperations();

  it('knows every operation of the spec: each is walked below', () => {
    const walked = Object.keys(requests());
    expect(operations).toHaveLength(22);
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(walked.sort());
  });

  it.each(operations.map((operation) => [operation.operationId, operation]))(
    '%s: the minimal request gets a declared 2xx answer that validates against the spec',
    async (id, operation) => {
      const request = requests()[id];
      const url = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(request.path?.[name] ?? ''));
      let call = ts.api[operation.method](url).set(bearer(KEY_A));
      if (request.query) call = call.query(request.query);
      const res = request.body ? await call.send(request.body) : await call;
      const declared = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
      if (!declared.includes(String(res.status))) {
        throw new Error(
          `${operation.method.toUpperCase()} ${url} answered ${res.status}, not one of ${declared.join(', ')}: ${JSON.stringify(res.body).slice(0, 500)}`,
        );
      }
      const schema = operation.responses[String(res.status)].content?.['application/json']?.schema?.$ref?.split('/').at(-1);
      expect(schema).toBeDefined();
      expectSpecValid(schema as string, res.body);
    },
    60000,
  );
});
