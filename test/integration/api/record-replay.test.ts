import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { KEY_A, startTestServer, tempDir, waitForJob, withKey, type TestServer } from '../../helpers/test-server';

/**
 * Record and replay of target traffic (issue 19, item 1): a crawl of a local site is recorded, the site is
 * stopped, and the crawl replayed from the recordings gives the same pages with no connection made.
 * "No connection" is proved by a tripwire: once the site is closed, a listener on its port counts every
 * connection attempt (and the server would otherwise get ECONNREFUSED and fail the pages).
 */

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function page(title: string, links: string[], extra = ''): string {
  const anchors = links.map((href) => `<li><a href="${href}">${href}</a></li>`).join('');
  return (
    `<!doctype html><html><head><title>${title}</title></head><body><nav><ul>${anchors}</ul></nav>` +
    `<article><h1>${title}</h1><p>This is the page called ${title}. It has enough words in it to look like an article to ` +
    `Readability, which is picky about short texts, so here are a few more sentences about nothing in particular.</p>${extra}</article></body></html>`
  );
}

/** A site with robots.txt, a sitemap, a redirect, an image, and a page whose content a script fetches with a cache buster. */
async function startSite(): Promise<FixtureServer> {
  return startFixtureServer({
    '/robots.txt': (_req, res) => {
      const host = _req.headers.host;
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nDisallow: /private/\nSitemap: http://${host}/sitemap.xml\n`);
    },
    '/sitemap.xml': (req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://${req.headers.host}/from-sitemap</loc></url></urlset>`,
        );
    },
    '/': html(page('Home', ['/a', '/b', '/old', '/private/secret', '/js'], '<img src="/logo.png" alt="logo">')),
    '/a': html(page('Page A', ['/', '/a/deep'])),
    '/b': html(page('Page B', ['/a', '/c'])),
    '/a/deep': html(page('Deep', [])),
    '/c': html(page('Page C', [])),
    '/from-sitemap': html(page('From the sitemap', [])),
    '/private/secret': html(page('Secret', [])),
    '/old': (_req, res) => void res.writeHead(301, { location: '/c?from=old' }).end(),
    '/logo.png': (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG),
    // The script's request differs on every run (a cache buster): testing.replay.ignoreQueryParams matches it anyway.
    '/js': html(
      page(
        'Scripted',
        [],
        '<p id="out">waiting</p><script>fetch("/data.json?_=" + Date.now() + Math.random()).then((r) => r.json()).then((d) => { document.getElementById("out").textContent = d.text; });</script>',
      ),
    ),
    '/data.json': (_req, res) =>
      void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: 'Rendered by the script from data.json' })),
  });
}

/** Listens on a closed fixture's port and counts connection attempts. */
async function tripwire(port: number): Promise<{ connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { connections: () => connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface CrawlPage {
  url: string;
  status: string;
  depth: number;
  discovered_from?: string;
  outputs?: Record<string, unknown>;
  error?: unknown;
}

const CRAWL = { max_pages: 20, max_depth: 3, use_sitemap: true, output: ['markdown', 'html', 'json'] };

async function crawl(ts: TestServer, seed: string, extra: Record<string, unknown> = {}): Promise<CrawlPage[]> {
  const res = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [seed], ...CRAWL, ...extra });
  if (res.status === 202) {
    // A rendered crawl may outlast inline.timeoutMs on a loaded machine: it goes on as a job, same pages.
    const job = await waitForJob(ts.api, KEY_A, res.body.job_id as string, 240000);
    expect(job.status).toBe('completed');
    const result = await withKey(ts.api, KEY_A).get(`/v1/jobs/${res.body.job_id as string}/result`);
    expect(result.status).toBe(200);
    return result.body.result.pages as CrawlPage[];
  }
  expect(res.status).toBe(200);
  expectSpecValid('CrawlResponse', res.body);
  return res.body.result.pages as CrawlPage[];
}

const REPLAY_OPTIONS = { ignoreQueryParams: ['_'] };
let servers: TestServer[] = [];
afterEach(async () => {
  for (const ts of servers) await ts.stop();
  servers = [];
});

async function server(testing: Record<string, unknown>): Promise<TestServer> {
  const ts = await startTestServer({ workers: { maxAttempts: 1 }, testing });
  servers.push(ts);
  return ts;
}

describe.each([
  ['plain HTTP', false],
  ['render_js', true],
])('a crawl recorded and replayed (%s)', (_name, renderJs) => {
  it('gives byte-identical pages in the same order with the site stopped and no connection made', async () => {
    const site = await startSite();
    const dir = tempDir('scrapio-recordings-');
    const recording = await server({ record: { dir }, replay: REPLAY_OPTIONS });
    const recorded = await crawl(recording, `${site.url}/`, { render_js: renderJs });
    await recording.stop();
    const port = site.port;
    await site.close();
    const wire = await tripwire(port);
    try {
      const urls = recorded.map((entry) => entry.url.replace(site.url, ''));
      expect(urls).toEqual(expect.arrayContaining(['/', '/a', '/b', '/js', '/a/deep', '/from-sitemap']));
      expect(urls).not.toContain('/private/secret');
      expect(recorded.every((entry) => entry.status === 'completed')).toBe(true);
      const scripted = recorded.find((entry) => entry.url.endsWith('/js'))!;
      expect(scripted.outputs?.markdown).toContain(renderJs ? 'Rendered by the script from data.json' : 'waiting');

      // robots.txt and the sitemap went through the same seam, and the files are readable.
      const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as { exchanges: Array<{ key: string; file: string }> };
      const keys = index.exchanges.map((entry) => entry.key);
      expect(keys).toEqual(expect.arrayContaining([`GET ${site.url}/robots.txt`, `GET ${site.url}/sitemap.xml`, `GET ${site.url}/a`]));
      const home = JSON.parse(fs.readFileSync(path.join(dir, index.exchanges.find((entry) => entry.key === `GET ${site.url}/`)!.file), 'utf8'));
      expect(home.response.status).toBe(200);
      expect(home.response.bodyText).toContain('<h1>Home</h1>');
      if (renderJs) {
        expect(keys).toContain(`GET ${site.url}/data.json`); // the cache buster left out of the key
        const logo = index.exchanges.find((entry) => entry.key === `GET ${site.url}/logo.png`)!;
        expect(Buffer.from(JSON.parse(fs.readFileSync(path.join(dir, logo.file), 'utf8')).response.bodyBase64, 'base64')).toEqual(PNG);
      }

      const replaying = await server({ replay: { dir, ...REPLAY_OPTIONS } });
      const first = await crawl(replaying, `${site.url}/`, { render_js: renderJs });
      const second = await crawl(replaying, `${site.url}/`, { render_js: renderJs });
      expect(JSON.stringify(first)).toBe(JSON.stringify(recorded));
      expect(JSON.stringify(second)).toBe(JSON.stringify(recorded));
      expect(wire.connections()).toBe(0);
    } finally {
      await wire.close();
    }
  });
});

describe('replaying', () => {
  let site: FixtureServer;
  beforeEach(async () => {
    site = await startSite();
  });
  afterEach(() => site.close());

  it.each([false, true])('answers a request with no recording 502 target_unreachable naming it (render_js %s)', async (renderJs) => {
    const ts = await server({ replay: { dir: tempDir('scrapio-recordings-') } });
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${site.url}/c?b=2&a=1`, render_js: renderJs });
    expect(res.status).toBe(502);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('target_unreachable');
    expect(res.body.error.message).toContain(`No recording for GET ${site.url}/c?a=1&b=2`);
    expect(site.hits).toEqual([]);
  });

  it('with missing: "passthrough", fetches what is missing, records it, and replays it afterwards', async () => {
    const dir = tempDir('scrapio-recordings-');
    const ts = await server({ replay: { dir, missing: 'passthrough' } });
    const first = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${site.url}/b` });
    expect(first.status).toBe(200);
    expect(site.hits).toEqual(['GET /b']);
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
    expect(index.exchanges.map((entry: { key: string }) => entry.key)).toEqual([`GET ${site.url}/b`]);
    const again = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${site.url}/b` });
    expect(again.body.outputs).toEqual(first.body.outputs);
    expect(site.hits).toEqual(['GET /b']);
  });

  it('passthrough still applies the SSRF policy', async () => {
    const ts = await startTestServer({ network: { allow: [] }, testing: { replay: { dir: tempDir('scrapio-recordings-'), missing: 'passthrough' } } });
    servers.push(ts);
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${site.url}/b` });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('url_not_allowed');
    expect(site.hits).toEqual([]);
  });

  it('matches with the ignored query parameters removed and the rest in any order, redirects replayed hop by hop', async () => {
    const dir = tempDir('scrapio-recordings-');
    const recording = await server({ record: { dir }, replay: { ignoreQueryParams: ['cb'] } });
    const recorded = await withKey(recording.api, KEY_A).post('/v1/fetch', { url: `${site.url}/old?x=1&cb=111&y=2`, output: ['markdown'] });
    expect(recorded.status).toBe(200);
    await recording.stop();
    const hitsBefore = site.hits.length;
    const replaying = await server({ replay: { dir, ignoreQueryParams: ['cb'] } });
    const replayed = await withKey(replaying.api, KEY_A).post('/v1/fetch', { url: `${site.url}/old?y=2&cb=999&x=1`, output: ['markdown'] });
    expect(replayed.status).toBe(200);
    expect(replayed.body.outputs).toEqual(recorded.body.outputs);
    expect(replayed.body.outputs.markdown).toContain('Page C');
    expect(site.hits.length).toBe(hitsBefore);
    const other = await withKey(replaying.api, KEY_A).post('/v1/fetch', { url: `${site.url}/old?y=3&cb=111&x=1` });
    expect(other.status).toBe(502);
  });
});
