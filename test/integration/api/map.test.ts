import zlib from 'node:zlib';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { startCrawlSite } from '../../helpers/fixture-site';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, startTestServer, waitForJob, type TestServer, withKey, stopAll } from '../../helpers/test-server';

let big: FixtureServer;
let small: Awaited<ReturnType<typeof startCrawlSite>>;
let ts: TestServer;

const urlset = (urls: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((url) => `<url><loc>${url}</loc></url>`).join('')}</urlset>`;

beforeAll(async () => {
  big = await startFixtureServer();
  const pages = Array.from({ length: 10000 }, (_, i) => `${big.url}/item/${i}`);
  big.route(
    '/robots.txt',
    (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nAllow: /\nSitemap: ${big.url}/sitemap-index.xml\n`),
  );
  big.route('/sitemap-index.xml', (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/xml' })
      .end(
        `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${big.url}/sitemap-items.xml.gz</loc></sitemap><sitemap><loc>${big.url}/sitemap-pages.xml</loc></sitemap></sitemapindex>`,
      );
  });
  big.route('/sitemap-items.xml.gz', (_req, res) => void res.writeHead(200, { 'content-type': 'application/gzip' }).end(zlib.gzipSync(urlset(pages))));
  big.route('/sitemap-pages.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/xml' }).end(urlset([`${big.url}/about`])));
  big.route('/', html('<html><head><title>Big home</title></head><body><a href="/about">About</a></body></html>'));
  small = await startCrawlSite();
  ts = await startTestServer();
});

afterAll(() => stopAll(ts, big, small));

describe('POST /v1/map', () => {
  it('maps a 10,000-URL gzipped sitemap behind an index without fetching the pages', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/map', { seeds: [`${big.url}/`], max_urls: 100 });
    expect(res.status).toBe(200);
    expectSpecValid('MapResponse', res.body);
    expect(res.body.result.urls).toHaveLength(100);
    expect(res.body.result.urls[0]).toEqual({ url: `${big.url}/`, depth: 0, discovered_from: null });
    expect(res.body.result.urls[1]).toMatchObject({ depth: 1, discovered_from: `${big.url}/sitemap-index.xml` });
    expect(res.body.result.summary.frontier_exhausted).toBe(false);
    expect(res.body.result.summary.urls_returned).toBe(100);
    expect(res.body.result.summary.urls_discovered).toBe(res.body.result.summary.urls_returned + res.body.result.summary.urls_skipped);
    const pageFetches = big.hits.filter((hit) => hit.startsWith('GET /item/'));
    expect(pageFetches).toHaveLength(0);
  });

  it('discovers links breadth-first on a site without a sitemap, with titles, and says when the frontier is exhausted', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/map', { seeds: [`${small.url}/`], max_depth: 3, include_metadata: true });
    expectSpecValid('MapResponse', res.body);
    const urls = res.body.result.urls as Array<{ url: string; depth: number; metadata?: { title?: string } }>;
    const paths = urls.map((entry) => entry.url.replace(small.url, ''));
    expect(paths).toEqual(expect.arrayContaining(['/', '/a', '/b', '/a/deep', '/a/deeper', '/missing', '/file.zip']));
    expect(paths).not.toContain('/nofollowed-target');
    expect(paths.some((path) => path.includes('example.invalid'))).toBe(false);
    expect(urls.find((entry) => entry.url === `${small.url}/a`)?.metadata?.title).toBe('Page A');
    expect(res.body.result.summary.frontier_exhausted).toBe(true);
  });

  it('says the frontier is exhausted when every URL came from a short sitemap and was visited', async () => {
    const site = await startFixtureServer({
      '/robots.txt': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nSitemap: ${site.url}/sitemap.xml\n`),
      '/sitemap.xml': (_req, res) => void res.writeHead(200, { 'content-type': 'application/xml' }).end(urlset([`${site.url}/s1`, `${site.url}/s2`])),
      '/': html('<html><head><title>Home</title></head><body>No links here.</body></html>'),
      '/s1': html('<html><head><title>S1</title></head><body>Listed only in the sitemap.</body></html>'),
      '/s2': html('<html><head><title>S2</title></head><body>Listed only in the sitemap.</body></html>'),
    });
    try {
      const res = await withKey(ts.api, KEY_A).post('/v1/map', { seeds: [`${site.url}/`] });
      expectSpecValid('MapResponse', res.body);
      expect(res.body.result.urls.map((entry: { url: string }) => entry.url)).toEqual([`${site.url}/`, `${site.url}/s1`, `${site.url}/s2`]);
      expect(res.body.result.summary.frontier_exhausted).toBe(true);
    } finally {
      await site.close();
    }
  });

  it('runs as a job', async () => {
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'map', input: { seeds: [`${small.url}/`], max_urls: 3 } });
    const status = await waitForJob(ts.api, KEY_A, submit.body.job_id);
    expect(status.status).toBe('completed');
    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expectSpecValid('JobResultResponse', result.body);
    expect(result.body.result.urls).toHaveLength(3);
  });
});
