import zlib from 'node:zlib';
import { ARTICLE_PAGE, html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, startTestServer, waitForJob, type TestServer, withKey, stopAll } from '../../helpers/test-server';

let fixture: FixtureServer;
let ts: TestServer;

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/article': html(ARTICLE_PAGE),
    '/gzip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }).end(zlib.gzipSync(ARTICLE_PAGE));
    },
    '/latin1': (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=windows-1252' })
        .end(Buffer.from('<html><body><p>Caf\xe9 cr\xe8me br\xfbl\xe9e</p></body></html>', 'latin1'));
    },
    '/redirect': (_req, res) => void res.writeHead(302, { location: '/article' }).end(),
    '/missing-selector': html('<html><body><h1 class="t">Title</h1><p>Some body text.</p></body></html>'),
    '/slow-3s': (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>finally here</p></body></html>'), 3000);
    },
    '/binary': (_req, res) => void res.writeHead(200, { 'content-type': 'application/zip' }).end(Buffer.from([0x50, 0x4b, 3, 4, 0, 0])),
  });
  // A short inline window, so promotion to 202 is tested in seconds rather than 15.
  ts = await startTestServer({ inline: { timeoutMs: 1500 }, workers: { maxAttempts: 1 } });
});

afterAll(() => stopAll(ts, fixture));

describe('POST /v1/fetch (inline, plain HTTP)', () => {
  it('returns html by default, and the v1 inline envelope', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/article` });
    expect(res.status).toBe(200);
    expectSpecValid('InlineFetchResponse', res.body);
    expect(res.body).toMatchObject({ mode: 'inline', status: 'completed', usage: { credits: 1 } });
    expect(res.body.outputs.html).toBe(ARTICLE_PAGE);
  });

  it('converts the main content to markdown with GFM tables, fenced code and absolute links', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/article`, output: ['markdown'] });
    expectSpecValid('InlineFetchResponse', res.body);
    const markdown = res.body.outputs.markdown as string;
    expect(markdown).toContain('quick brown fox');
    expect(markdown).toMatch(/\|\s*Animal\s*\|\s*Speed\s*\|/);
    expect(markdown).toContain('```js');
    expect(markdown).toContain(`(${fixture.url}/next)`);
    expect(markdown).not.toContain('Copyright fixture');
  });

  it('decodes gzip and legacy charsets, and follows redirects', async () => {
    const gz = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/gzip`, output: ['html'] });
    expect(gz.body.outputs.html).toBe(ARTICLE_PAGE);
    const latin = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/latin1`, output: ['text'] });
    expect(latin.status).toBe(200);
    expect(latin.body.outputs.text).toContain('Café crème brûlée');
    const redirected = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/redirect`, output: ['metadata'] });
    expect(redirected.body.outputs.metadata.final_url).toBe(`${fixture.url}/article`);
    expect(redirected.body.outputs.metadata.status_code).toBe(200);
  });

  it('extracts json with selectors and page mode, plus EXT links', async () => {
    const selectors = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${fixture.url}/article`,
      output: ['json'],
      extract: {
        mode: 'selectors',
        fields: { heading: { selector: 'h1', type: 'text' }, first_link: { selector: 'article a', type: 'attr', attribute: 'href' } },
      },
    });
    expectSpecValid('InlineFetchResponse', selectors.body);
    expect(selectors.body.outputs.json).toEqual({ heading: 'Fixture Article', first_link: '/next' });
    expect(selectors.body.usage.credits).toBe(2);

    const page = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/article`, output: ['json'] });
    expect(page.body.outputs.json.title).toBe('Fixture Article');
    expect(page.body.outputs.json.description).toBe('A page served to the tests.');

    const links = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/article`, output: ['links'] });
    expect(links.body.outputs.links).toEqual(expect.arrayContaining([`${fixture.url}/home`, `${fixture.url}/next`]));
  });

  it('is partial with diagnostics.output_failures when some outputs fail', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${fixture.url}/missing-selector`,
      output: ['markdown', 'json'],
      extract: { mode: 'selectors', fields: { price: { selector: '.price', type: 'text' } } },
    });
    expect(res.status).toBe(200);
    expectSpecValid('InlineFetchResponse', res.body);
    expect(res.body.status).toBe('partial');
    expect(res.body.outputs.markdown).toContain('Some body text');
    expect(res.body.outputs.json).toEqual({ price: null });
    expect(res.body.diagnostics.outcome).toBe('partial');
    expect(res.body.diagnostics.output_failures[0]).toMatchObject({ output: 'json' });
  });

  it('answers 422 extraction_failed for binary content, and 422 llm_unavailable for an instruction without a model', async () => {
    const binary = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/binary`, output: ['markdown'] });
    expect(binary.status).toBe(422);
    expectSpecValid('ErrorResponse', binary.body);
    expect(binary.body.error.code).toBe('extraction_failed');
    const llm = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${fixture.url}/article`,
      output: ['json'],
      extract: { mode: 'instruction', instruction: 'get the title' },
    });
    expect(llm.status).toBe(422);
    expectSpecValid('ErrorResponse', llm.body);
    expect(llm.body.error.code).toBe('llm_unavailable');
    expect(llm.body.error.message).toContain('set llm.baseUrl');
  });

  it('promotes a slow fetch to 202 at the inline limit; the job completes without being run twice', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/slow-3s`, output: ['text'] });
    expect(res.status).toBe(202);
    expectSpecValid('AsyncFetchResponse', res.body);
    const status = await waitForJob(ts.api, KEY_A, res.body.job_id);
    expect(status.status).toBe('completed');
    const result = await ts.api.get(`/v1/jobs/${res.body.job_id}/result`).set(bearer(KEY_A));
    expectSpecValid('JobResultResponse', { ...result.body, outputs: {} });
    expect(result.body.outputs.text).toContain('finally here');
    expect(fixture.hits.filter((hit) => hit === 'GET /slow-3s')).toHaveLength(1);
  });

  it('fails with 504 timeout when timeout_ms is shorter than the target', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', { url: `${fixture.url}/slow-3s`, timeout_ms: 300 });
    expect(res.status).toBe(504);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('timeout');
    expect(res.body.diagnostics).toMatchObject({ outcome: 'failed', timed_out: true });
  });
});
