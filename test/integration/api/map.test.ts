import type { ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { startCrawlSite } from '../../helpers/fixture-site';
import { slowestHealthWhile } from '../../helpers/liveness';
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

describe('POST /v1/map on a sitemap bomb', () => {
  /**
   * ~100 KB of gzip that expands to ~20 MB: 400,000 repeats of one URL (each must be parsed, none counts twice),
   * then the real URLs. Read whole into one string and one DOM, it held the event loop for seconds.
   */
  function bombSitemap(origin: string): Buffer {
    const repeat = `<url><loc>${origin}/item/0</loc></url>`.repeat(400_000);
    const items = Array.from({ length: 20 }, (_, i) => `<url><loc>${origin}/item/${i + 1}</loc></url>`).join('');
    return zlib.gzipSync(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${repeat}${items}</urlset>`);
  }

  async function bombSite(serve: (gzipped: Buffer, res: ServerResponse) => void, path: string): Promise<FixtureServer> {
    const site = await startFixtureServer();
    const gzipped = bombSitemap(site.url);
    expect(gzipped.length).toBeLessThan(200 * 1024);
    site.route(
      '/robots.txt',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nAllow: /\nSitemap: ${site.url}${path}\n`),
    );
    site.route(path, (_req, res) => serve(gzipped, res));
    site.route('/', html('<html><body><a href="/about">About</a></body></html>'));
    return site;
  }

  const cases: Array<[string, string, (gzipped: Buffer, res: ServerResponse) => void]> = [
    ['a .xml.gz file', '/sitemap-bomb.xml.gz', (gzipped, res) => void res.writeHead(200, { 'content-type': 'application/gzip' }).end(gzipped)],
    [
      'Content-Encoding: gzip',
      '/sitemap-bomb.xml',
      (gzipped, res) => void res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' }).end(gzipped),
    ],
  ];

  it.each(cases)('keeps /health answering within a second while it reads %s, and returns the URLs up to max_urls', async (_name, path, serve) => {
    const site = await bombSite(serve, path);
    // As a job: on a loaded machine the map may outlast inline.timeoutMs, which is not what is tested here.
    const submit = await ts.api
      .post('/v1/jobs')
      .set(bearer(KEY_A))
      .send({ kind: 'map', input: { seeds: [`${site.url}/`], max_urls: 6 } });
    expect(submit.status).toBe(202);
    const { slowestMs, answers } = await slowestHealthWhile(ts.api, waitForJob(ts.api, KEY_A, submit.body.job_id, 50_000));
    const res = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expect(res.body.status).toBe('completed');
    expect(res.body.result.urls.map((entry: { url: string }) => entry.url.replace(site.url, ''))).toEqual([
      '/',
      '/item/0',
      '/item/1',
      '/item/2',
      '/item/3',
      '/item/4',
    ]);
    expect(answers).toBeGreaterThan(0);
    expect(slowestMs).toBeLessThan(1000);
    await site.close();
  });
});
