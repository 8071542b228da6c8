import { html, startFixtureServer, until } from '../../helpers/fixture-server';
import { startCrawlSite } from '../../helpers/fixture-site';
import { slowestHealthWhile } from '../../helpers/liveness';
import { expectSpecValid, withoutProgress } from '../../helpers/spec-validator';
import { bearer, KEY_A, startTestServer, waitForJob, type TestServer, withKey, stopAll } from '../../helpers/test-server';

let site: Awaited<ReturnType<typeof startCrawlSite>>;
let ts: TestServer;

beforeAll(async () => {
  site = await startCrawlSite();
  ts = await startTestServer({ workers: { maxAttempts: 1 }, limits: { crawl: { maxPages: 500, maxDepth: 20 } } });
});

afterAll(() => stopAll(ts, site));

describe('POST /v1/crawl', () => {
  it('crawls breadth-first within depth, obeys robots.txt and nofollow, and its counts add up', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${site.url}/`], max_pages: 20, max_depth: 2 });
    expect(res.status).toBe(200);
    expectSpecValid('CrawlResponse', res.body);
    const pages = res.body.result.pages as Array<{
      url: string;
      depth: number;
      status: string;
      discovered_from?: string;
      outputs?: { markdown?: string };
      error?: { code: string };
    }>;
    const urls = pages.map((page) => page.url.replace(site.url, ''));
    expect(urls.slice(0, 3)).toEqual(['/', '/a', '/b']);
    expect(urls).toEqual(expect.arrayContaining(['/a/deep', '/throttled', '/missing']));
    expect(urls).not.toContain('/a/deeper'); // depth 3
    expect(urls).not.toContain('/private/secret');
    expect(urls).not.toContain('/nofollowed-target');
    expect(urls.filter((url) => url === '/a')).toHaveLength(1); // fragment and duplicates dropped
    expect(site.hits).not.toContain('GET /private/secret');
    expect(site.hits.filter((hit) => hit === 'GET /robots.txt')).toHaveLength(1);
    // Depths never decrease: breadth-first order.
    expect(pages.map((page) => page.depth)).toEqual([...pages.map((page) => page.depth)].sort((a, b) => a - b));
    expect(pages[1].discovered_from).toBe(`${site.url}/`);
    expect(pages[0].outputs?.markdown).toContain('This is the page called Home');
    const missing = pages.find((page) => page.url.endsWith('/missing'));
    expect(missing).toMatchObject({ status: 'failed', error: { code: 'target_http_error' } });
    const throttled = pages.find((page) => page.url.endsWith('/throttled'));
    expect(throttled?.status).toBe('completed'); // after one Retry-After pause
    expect(site.hits.filter((hit) => hit === 'GET /throttled')).toHaveLength(2);

    const summary = res.body.result.summary;
    expect(summary.pages_discovered).toBe(summary.pages_fetched + summary.pages_skipped);
    expect(summary.pages_fetched).toBe(summary.pages_succeeded + summary.pages_failed);
    expect(summary.pages_fetched).toBe(pages.length);
    expect(summary.pages_skipped).toBeGreaterThanOrEqual(2); // robots + the binary file
    expect(res.body.status).toBe('partial');
    expect(res.body.diagnostics.step_errors[0]).toMatchObject({ code: 'target_http_error', url: `${site.url}/missing` });
  });

  it('fetches every page of a site where many pages discover links at once (each URL once)', async () => {
    const tree = await startFixtureServer();
    const PAGES = 300;
    for (let i = 0; i < PAGES; i += 1) {
      const children = [2 * i + 1, 2 * i + 2, 3 * i + 1].filter((child) => child < PAGES).map((child) => `<a href="/n/${child}">${child}</a>`);
      tree.route(`/n/${i}`, html(`<html><body><p>Node ${i}</p>${children.join(' ')} <a href="/n/0">root</a></body></html>`));
    }
    const res = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${tree.url}/n/0`], max_pages: PAGES, max_depth: 20, output: ['text'] });
    const urls = res.body.result.pages.map((page: { url: string }) => page.url);
    // Every link was stored and fetched once: none was lost to a concurrent frontier insert.
    expect(new Set(urls).size).toBe(PAGES);
    expect(urls).toHaveLength(PAGES);
    expect(res.body.result.summary).toMatchObject({ pages_discovered: PAGES, pages_fetched: PAGES, pages_failed: 0 });
    expect(res.body.result.summary.pages_failed).toBe(0);
    await tree.close();
  });

  it('stops at max_pages, counting the rest as skipped', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${site.url}/`], max_pages: 2, max_depth: 5 });
    expectSpecValid('CrawlResponse', res.body);
    expect(res.body.result.pages).toHaveLength(2);
    const summary = res.body.result.summary;
    expect(summary.pages_fetched).toBe(2);
    expect(summary.pages_discovered).toBe(summary.pages_fetched + summary.pages_skipped);
    expect(summary.pages_skipped).toBeGreaterThan(0);
  });

  it('runs as a job with progress, paged results and include/exclude paths', async () => {
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', {
      kind: 'crawl',
      input: { seeds: [`${site.url}/`], max_pages: 10, max_depth: 3, include_paths: ['^/(a.*)?$'], output: ['text'] },
    });
    expect(submit.status).toBe(202);
    const status = await waitForJob(ts.api, KEY_A, submit.body.job_id);
    expectSpecValid('JobResponse', withoutProgress(status));
    expect(status.progress).toMatchObject({ completed: 4 });
    const all = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expectSpecValid('JobResultResponse', all.body);
    const urls = all.body.result.pages.map((page: { url: string }) => page.url.replace(site.url, ''));
    expect(urls).toEqual(['/', '/a', '/a/deep', '/a/deeper']);
    expect(all.body.result.pages[1].outputs.text).toContain('Page A');

    const first = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result?offset=0&limit=3`).set(bearer(KEY_A));
    expect(first.body.result.pages).toHaveLength(3);
    expect(first.body.result.next).toContain(`/v1/jobs/${submit.body.job_id}/result?offset=3&limit=3`);
    const next = await ts.api.get(new URL(first.body.result.next).pathname + new URL(first.body.result.next).search).set(bearer(KEY_A));
    expect(next.body.result.pages.map((page: { url: string }) => page.url.replace(site.url, ''))).toEqual(['/a/deeper']);
    expect(next.body.result.next).toBeNull();
  });

  it('cancel mid-crawl stops new fetches within a second and keeps the pages fetched so far', async () => {
    const slow = await startFixtureServer();
    const links = Array.from({ length: 40 }, (_, i) => `<a href="/s/${i}">${i}</a>`).join(' ');
    slow.route('/', html(`<html><body>${links}</body></html>`));
    for (let i = 0; i < 40; i += 1) {
      slow.route(`/s/${i}`, (_req, res) => {
        setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><p>slow page ${i}</p></body></html>`), 150);
      });
    }
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'crawl', input: { seeds: [`${slow.url}/`], max_pages: 41, max_depth: 1 } });
    await until(() => slow.hits.filter((hit) => hit.startsWith('GET /s/')).length >= 6);
    const cancel = await ts.api.post(`/v1/jobs/${submit.body.job_id}/cancel`).set(bearer(KEY_A));
    expect(cancel.status).toBe(202);
    const hitsAtCancel = slow.hits.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Requests already in flight may still arrive; nothing new is started.
    expect(slow.hits.length - hitsAtCancel).toBeLessThanOrEqual(4);
    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expect(result.status).toBe(200);
    expectSpecValid('JobResultResponse', result.body);
    expect(result.body.status).toBe('cancelled');
    expect(result.body.result.pages.length).toBeGreaterThanOrEqual(2);
    expect(result.body.result.pages.length).toBeLessThan(41);
    const summary = result.body.result.summary;
    expect(summary.pages_discovered).toBe(summary.pages_fetched + summary.pages_skipped);
    await slow.close();
  });

  it('streams status and page events over SSE', async () => {
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'crawl', input: { seeds: [`${site.url}/b`], max_pages: 3, max_depth: 1 } });
    const stream = await ts.api
      .get(`/v1/jobs/${submit.body.job_id}/events`)
      .set(bearer(KEY_A))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
    const text = stream.body as string;
    expect(stream.headers['content-type']).toContain('text/event-stream');
    expect(text).toMatch(/^event: status\ndata: .*"status":"(queued|running)"/);
    expect(text).toContain('event: page');
    expect(text).toMatch(/event: status\ndata: .*"status":"completed"/);
  });

  it('rejects an invalid include_paths regex at request time', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${site.url}/`], include_paths: ['(unclosed'] });
    expect(res.status).toBe(400);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.message).toContain('include_paths');
  });

  it('matches include_paths in linear time: a backtracking bomb of a pattern neither blocks the server nor slips through', async () => {
    const hostile = await startFixtureServer();
    const bombs = Array.from({ length: 20 }, (_, i) => `<a href="/${'a'.repeat(33 + i)}!">bomb ${i}</a>`).join(' ');
    hostile.route('/', html(`<html><body>${bombs} <a href="/aaa">fine</a></body></html>`));
    hostile.route('/aaa', html('<html><body><p>all a</p></body></html>'));
    const submit = await ts.api
      .post('/v1/jobs')
      .set(bearer(KEY_A))
      .send({ kind: 'crawl', input: { seeds: [`${hostile.url}/`], max_pages: 30, max_depth: 1, include_paths: ['^/(a|a)*$'], output: ['text'] } });
    expect(submit.status).toBe(202);
    // V8's backtracking engine needs 2^33 steps for the first link alone (the tester saw /health take 55 s at 29).
    const { slowestMs, answers } = await slowestHealthWhile(ts.api, waitForJob(ts.api, KEY_A, submit.body.job_id));
    expect(answers).toBeGreaterThan(0);
    expect(slowestMs).toBeLessThan(1000);
    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expect(result.body.status).toBe('completed');
    expect(result.body.result.pages.map((page: { url: string }) => page.url.replace(hostile.url, ''))).toEqual(['/', '/aaa']);
    await hostile.close();
  });

  it('refuses a path pattern RE2 cannot run in linear time, naming it and why', async () => {
    const res = await ts.api
      .post('/v1/crawl')
      .set(bearer(KEY_A))
      .send({ seeds: [`${site.url}/`], exclude_paths: ['^/ok', '^/(\\w+)/\\1$'] });
    expect(res.status).toBe(400);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(/^exclude_paths\[1\] "\^\/\(\\\\w\+\)\/\\\\1\$" cannot be matched in linear time .*backreferences/);
  });

  it('rejects max_pages over the configured limit, naming the config key', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${site.url}/`], max_pages: 501 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('limits.crawl.maxPages');
  });
});

describe('POST /v1/crawl with render_js', () => {
  it('renders each page with Chromium, so script-injected links and content are crawled', async () => {
    const spa = await startFixtureServer({
      '/': html(
        '<html><body><article id="c"></article><script>setTimeout(() => { document.getElementById("c").innerHTML = \'<p>Rendered hub text for the crawl, long enough to be kept as content by the extraction pipeline.</p><a href="/child">child</a>\'; }, 50);</script></body></html>',
      ),
      '/child': html(
        '<html><head><title>Child</title></head><body><article><p>The child page is only linked from script-rendered markup, so an HTTP crawl never finds it.</p></article></body></html>',
      ),
    });
    const rendered = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${spa.url}/`], max_pages: 5, max_depth: 1, render_js: true });
    expect(rendered.status).toBe(200);
    const urls = rendered.body.result.pages.map((page: { url: string }) => page.url);
    expect(urls).toEqual([`${spa.url}/`, `${spa.url}/child`]);
    expect(rendered.body.result.pages[0].outputs.markdown).toContain('Rendered hub text');
    const plain = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${spa.url}/`], max_pages: 5, max_depth: 1 });
    expect(plain.body.result.pages).toHaveLength(1);
    await spa.close();
  });

  it('renders the pages of one crawl in one browser context: a cacheable script is loaded once for all pages', async () => {
    const page = (n: number, next: string) =>
      html(
        `<html><head><title>Page ${n}</title><script src="/app.js"></script></head><body><article><p>Rendered page ${n} of a crawl whose pages share one script.</p>${next}</article></body></html>`,
      );
    const site = await startFixtureServer({
      '/': page(0, '<a href="/1">1</a> <a href="/2">2</a> <a href="/3">3</a>'),
      '/1': page(1, ''),
      '/2': page(2, ''),
      '/3': page(3, ''),
      '/app.js': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'application/javascript', 'cache-control': 'public, max-age=600' }).end('window.app = 1;'),
    });
    const res = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${site.url}/`], max_pages: 4, max_depth: 1, render_js: true });
    expect(res.body.result.summary).toMatchObject({ pages_fetched: 4, pages_succeeded: 4 });
    expect(site.hits.filter((hit) => hit === 'GET /app.js')).toHaveLength(1);
    await site.close();
  });
});

describe('POST /v1/crawl with use_sitemap', () => {
  it('starts from the URLs of the sitemap too (depth 1, discovered from the sitemap), within scope and robots.txt', async () => {
    const site = await startFixtureServer();
    site.route(
      '/robots.txt',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nDisallow: /private/\nSitemap: ${site.url}/sitemap.xml\n`),
    );
    site.route(
      '/sitemap.xml',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/xml' })
          .end(
            `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
              ['/orphan-1', '/orphan-2', '/private/hidden'].map((path) => `<url><loc>${site.url}${path}</loc></url>`).join('') +
              `<url><loc>http://elsewhere.example/page</loc></url></urlset>`,
          ),
    );
    site.route('/', html('<html><body><article><p>The home page links to nothing at all.</p></article></body></html>'));
    for (const path of ['/orphan-1', '/orphan-2', '/private/hidden']) {
      site.route(path, html(`<html><body><article><p>Only the sitemap knows ${path}.</p></article></body></html>`));
    }
    const withSitemap = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${site.url}/`], max_pages: 10, max_depth: 1, use_sitemap: true });
    expect(withSitemap.status).toBe(200);
    const pages = withSitemap.body.result.pages as Array<{ url: string; depth: number; discovered_from?: string }>;
    expect(pages.map((page) => page.url)).toEqual([`${site.url}/`, `${site.url}/orphan-1`, `${site.url}/orphan-2`]);
    expect(pages[1]).toMatchObject({ depth: 1, discovered_from: `${site.url}/sitemap.xml` });
    expect(withSitemap.body.result.summary).toMatchObject({ pages_fetched: 3, pages_skipped: 1 }); // robots
    expect(site.hits).not.toContain('GET /private/hidden');

    const without = await withKey(ts.api, KEY_A).post('/v1/crawl', { seeds: [`${site.url}/`], max_pages: 10, max_depth: 1 });
    expect(without.body.result.pages.map((page: { url: string }) => page.url)).toEqual([`${site.url}/`]);
    await site.close();
  });
});
