import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { startCrawlSite } from '../../helpers/fixture-site';
import { bearer, KEY_A, KEY_B, startTestServer, stopAll, type TestServer } from '../../helpers/test-server';

/** An SDK client on this server's /mcp with one API key. */
async function connect(ts: TestServer, key?: string): Promise<Client> {
  const client = new Client({ name: 'mcp-http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', ts.server.url), { requestInit: { headers: key ? bearer(key) : {} } }));
  return client;
}

const text = (result: CallToolResult) => (result.content.find((item) => item.type === 'text') as { text: string } | undefined)?.text ?? '';

describe('MCP over streamable HTTP (/mcp)', () => {
  let ts: TestServer;
  let site: FixtureServer;
  let outside: FixtureServer;
  let client: Client;

  beforeAll(async () => {
    site = await startCrawlSite();
    outside = await startFixtureServer({ '/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>not allowed</h1>') });
    // Only the crawl site's own port is allowed: the other loopback fixture stays refused.
    ts = await startTestServer({ network: { allow: [`127.0.0.1:${site.port}`] } });
    client = await connect(ts, KEY_A);
  });
  afterAll(async () => {
    await client.close();
    await stopAll(ts, site, outside);
  });

  it('lists the tools, with input schemas from the API schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'fetch',
        'crawl',
        'map',
        'search',
        'interact',
        'submit_job',
        'get_job',
        'get_job_result',
        'cancel_job',
        'youtube_search',
        'youtube_video',
        'youtube_subtitles',
        'youtube_search_crawl',
      ]),
    );
    const fetchTool = tools.find((tool) => tool.name === 'fetch')!;
    expect(fetchTool.inputSchema).toMatchObject({ type: 'object', required: ['url'], additionalProperties: false });
    expect(Object.keys(fetchTool.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['url', 'output', 'render_js', 'headers']));
  });

  it('refuses a request without an API key (the same auth as /v1)', async () => {
    await expect(connect(ts)).rejects.toThrow(/missing_api_key|401/);
    const res = await ts.api.post('/mcp').send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('missing_api_key');
  });

  it('fetch returns the page as markdown with the API result as structured content', async () => {
    const result = (await client.callTool({ name: 'fetch', arguments: { url: `${site.url}/a`, output: ['markdown'] } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain('# Page A');
    const structured = result.structuredContent as { job_id: string; status: string; outputs: { markdown: string } };
    expect(structured.status).toBe('completed');
    expect(structured.outputs.markdown).toContain('This is the page called Page A');
    // The job is the caller's own: visible to the same key through get_job, not to another key.
    const job = (await client.callTool({ name: 'get_job', arguments: { job_id: structured.job_id } })) as CallToolResult;
    expect(job.structuredContent).toMatchObject({ job_id: structured.job_id, status: 'completed', result_available: true });
    const other = await connect(ts, KEY_B);
    try {
      const foreign = (await other.callTool({ name: 'get_job', arguments: { job_id: structured.job_id } })) as CallToolResult;
      expect(foreign.isError).toBe(true);
      expect(text(foreign)).toMatch(/^job_not_found: /);
    } finally {
      await other.close();
    }
  });

  it('fetch with a screenshot answers with the PNG as image content', async () => {
    const result = (await client.callTool({ name: 'fetch', arguments: { url: `${site.url}/b`, output: ['screenshot'] } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const image = result.content.find((item) => item.type === 'image') as { data: string; mimeType: string } | undefined;
    expect(image?.mimeType).toBe('image/png');
    expect(Buffer.from(image!.data, 'base64').subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('interact runs its actions in Chromium and answers the page it ends on, with the step screenshot as an image', async () => {
    const result = (await client.callTool({
      name: 'interact',
      arguments: {
        url: `${site.url}/a`,
        actions: [{ type: 'click', selector: 'a[href="/a/deep"]' }, { type: 'wait_for', selector: 'h1' }, { type: 'screenshot' }],
        output: ['markdown'],
      },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain('# Deep');
    expect(result.content.filter((item) => item.type === 'image')).toHaveLength(1);
  });

  it.each([
    ['a private address', 'http://10.0.0.1/'],
    ['a loopback port not on the allow-list', 'OUTSIDE'],
    ['a file: URL', 'file:///etc/passwd'],
  ])('refuses %s with a url_not_allowed tool error', async (_label, url) => {
    const target = url === 'OUTSIDE' ? `${outside.url}/` : url;
    const result = (await client.callTool({ name: 'fetch', arguments: { url: target } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^url_not_allowed: /);
    expect(outside.hits).toEqual([]);
  });

  it('a bad argument is an invalid_request tool error naming the field', async () => {
    const result = (await client.callTool({ name: 'crawl', arguments: { seeds: [site.url], max_pages: 'many' } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^invalid_request: max_pages/);
  });

  it('crawl sends progress notifications until done and returns the pages', async () => {
    const progress: Progress[] = [];
    const result = (await client.callTool({ name: 'crawl', arguments: { seeds: [`${site.url}/`], max_pages: 4, output: ['markdown'] } }, undefined, {
      onprogress: (update) => progress.push(update),
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const pages = (result.structuredContent as { result: { pages: Array<{ url: string }> } }).result.pages;
    expect(pages.length).toBeGreaterThan(1);
    expect(text(result)).toContain(`## ${site.url}/`);
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1];
    expect(last.progress).toBe(pages.length);
    expect(last.message).toMatch(/^(completed|partial): /);
    // Notifications only go forward.
    for (let index = 1; index < progress.length; index += 1) expect(progress[index].progress).toBeGreaterThanOrEqual(progress[index - 1].progress);
  });

  it('map lists the site and search with provider "local" finds the crawled pages', async () => {
    const map = (await client.callTool({ name: 'map', arguments: { seeds: [`${site.url}/`], max_urls: 10 } })) as CallToolResult;
    expect(map.isError).toBeFalsy();
    expect(text(map)).toContain(`- ${site.url}/a`);
    expect((map.structuredContent as { result: { urls: unknown[] } }).result.urls.length).toBeGreaterThan(1);
    // The crawl test above indexed the site's pages for this tenant.
    const search = (await client.callTool({ name: 'search', arguments: { query: 'Page A', provider: 'local' } })) as CallToolResult;
    expect(search.isError).toBeFalsy();
    expect(text(search)).toMatch(new RegExp(`^1\\. \\[Page A\\]\\(${site.url}/a\\)`, 'm'));
    expect((search.structuredContent as { result: { provider: string } }).result.provider).toBe('local');
  });

  it('submit_job, get_job and get_job_result page a crawl; cancel_job on it once finished leaves it as it ended', async () => {
    const submitted = (await client.callTool({
      name: 'submit_job',
      arguments: { kind: 'crawl', input: { seeds: [`${site.url}/`], max_pages: 3 } },
    })) as CallToolResult;
    const jobId = (submitted.structuredContent as { job_id: string }).job_id;
    expect(jobId).toMatch(/^job_/);
    let status = '';
    for (let polls = 0; polls < 400 && !['completed', 'partial', 'failed'].includes(status); polls += 1) {
      const job = (await client.callTool({ name: 'get_job', arguments: { job_id: jobId } })) as CallToolResult;
      status = (job.structuredContent as { status: string }).status;
      if (!['completed', 'partial', 'failed'].includes(status)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(['completed', 'partial']).toContain(status);
    const page = (await client.callTool({ name: 'get_job_result', arguments: { job_id: jobId, offset: 1, limit: 1 } })) as CallToolResult;
    expect(page.isError).toBeFalsy();
    const result = (page.structuredContent as { result: { pages: unknown[]; next?: unknown } }).result;
    expect(result.pages).toHaveLength(1);
    const cancelled = (await client.callTool({ name: 'cancel_job', arguments: { job_id: jobId } })) as CallToolResult;
    expect(cancelled.isError).toBeFalsy();
    expect(cancelled.structuredContent).toMatchObject({ job_id: jobId, status });
  });

  it('submit_job honours idempotency_key as POST /v1/jobs honours Idempotency-Key, across both front doors', async () => {
    const body = { kind: 'map', input: { seeds: [`${site.url}/`], max_urls: 3 } };
    const rest = await ts.api.post('/v1/jobs').set(bearer(KEY_A)).set('Idempotency-Key', 'mcp-idem-1').send(body);
    expect(rest.status).toBe(202);
    const replay = (await client.callTool({ name: 'submit_job', arguments: { ...body, idempotency_key: 'mcp-idem-1' } })) as CallToolResult;
    expect(replay.structuredContent).toMatchObject({ job_id: rest.body.job_id, idempotent_replayed: true });
    const conflict = (await client.callTool({
      name: 'submit_job',
      arguments: { ...body, input: { seeds: [`${site.url}/a`] }, idempotency_key: 'mcp-idem-1' },
    })) as CallToolResult;
    expect(conflict.isError).toBe(true);
    expect(text(conflict)).toMatch(/^idempotency_conflict: /);
  });

  it('cancel_job on an unknown job is a job_not_found tool error', async () => {
    const missing = (await client.callTool({ name: 'cancel_job', arguments: { job_id: 'job_does_not_exist' } })) as CallToolResult;
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/^job_not_found: /);
  });
});

describe('MCP crawl that outlasts mcp.crawlWaitMs', () => {
  it('answers with the job id and the crawl keeps running', async () => {
    const slow = await startFixtureServer({
      '/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<a href="/slow">slow</a><p>home</p>'),
      '/slow': (_req, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>slow page</p>'), 1500),
    });
    const ts = await startTestServer({ network: { allow: [`127.0.0.1:${slow.port}`] }, mcp: { crawlWaitMs: 300 } });
    const client = await connect(ts, KEY_A);
    try {
      const result = (await client.callTool({ name: 'crawl', arguments: { seeds: [`${slow.url}/`], max_pages: 2 } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      const job = result.structuredContent as { job_id: string; status: string };
      expect(['queued', 'running']).toContain(job.status);
      expect(text(result)).toContain(job.job_id);
      let status = job.status;
      while (!['completed', 'partial', 'failed'].includes(status)) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = ((await client.callTool({ name: 'get_job', arguments: { job_id: job.job_id } })) as CallToolResult).structuredContent!.status as string;
      }
      expect(status).toBe('completed');
    } finally {
      await client.close();
      await stopAll(ts, slow);
    }
  });
});

describe('MCP and /v1 share one rate limit', () => {
  it('a tenant that used its budget on /v1 is rate_limited on /mcp too', async () => {
    const ts = await startTestServer({ limits: { rateLimit: { requestsPerMinute: 3 } } });
    try {
      for (let index = 0; index < 3; index += 1) expect((await ts.api.get('/v1/jobs').set(bearer(KEY_A))).status).toBe(200);
      const res = await ts.api
        .post('/mcp')
        .set(bearer(KEY_A))
        .set('Accept', 'application/json, text/event-stream')
        .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('rate_limited');
    } finally {
      await stopAll(ts);
    }
  });
});
