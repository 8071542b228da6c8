import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { startCrawlSite } from '../../helpers/fixture-site';
import { startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { CLI } from '../../helpers/server-process';
import { KEY_A, startTestServer, stopAll, tempDir, type TestServer } from '../../helpers/test-server';

/**
 * `scrapio-server mcp` as an agent framework runs it: the built bin spawned by the SDK's StdioClientTransport.
 * Any non-MCP line on stdout would reach the client as a parse error, so the client's errors are collected
 * and must stay empty.
 */
interface Spawned {
  client: Client;
  transportErrors: Error[];
  stderr(): string;
}

async function spawnMcp(env: Record<string, string>, args: string[] = []): Promise<Spawned> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    env: { SCRAPIO_LOG_LEVEL: 'info', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const transportErrors: Error[] = [];
  const client = new Client({ name: 'mcp-stdio-test', version: '1.0.0' });
  client.onerror = (error) => transportErrors.push(error);
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`${String(error)}\nstderr: ${stderr}`);
  }
  return { client, transportErrors, stderr: () => stderr };
}

const text = (result: CallToolResult) => (result.content.find((item) => item.type === 'text') as { text: string } | undefined)?.text ?? '';

/** The checks both modes must pass: tools, fetch, crawl with progress, a refused URL. */
function describeTools(spawned: () => Spawned, site: () => FixtureServer, refused: () => string) {
  it('lists the tools', async () => {
    const { tools } = await spawned().client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['fetch', 'crawl', 'map', 'search', 'interact', 'submit_job', 'get_job', 'get_job_result', 'cancel_job']),
    );
  });

  it('fetches a fixture page as markdown', async () => {
    const result = (await spawned().client.callTool({ name: 'fetch', arguments: { url: `${site().url}/a`, output: ['markdown'] } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain('# Page A');
  });

  it('crawls with progress notifications relayed under the caller’s token', async () => {
    const progress: Progress[] = [];
    const result = (await spawned().client.callTool({ name: 'crawl', arguments: { seeds: [`${site().url}/`], max_pages: 3 } }, undefined, {
      onprogress: (update) => progress.push(update),
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const pages = (result.structuredContent as { result: { pages: unknown[] } }).result.pages;
    // The SDK client may drop the notifications it reads together with the answer (see afterNotifications):
    // those that arrive are the crawl's, in order, within its size.
    expect(progress.length).toBeGreaterThan(0);
    for (const [index, update] of progress.entries()) {
      expect(update.progress).toBeLessThanOrEqual(pages.length);
      if (index > 0) expect(update.progress).toBeGreaterThanOrEqual(progress[index - 1].progress);
    }
  });

  it('answers a refused URL with a url_not_allowed tool error', async () => {
    const result = (await spawned().client.callTool({ name: 'fetch', arguments: { url: refused() } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^url_not_allowed: /);
  });

  it('wrote nothing but MCP frames on stdout', () => {
    // A log line on stdout would be a JSON parse error here. The one error the SDK client reports on its own is
    // a progress notification read together with its answer (see afterNotifications in src/mcp/mcp-server.ts).
    const sdkProgressRace = /^Received a progress notification for an unknown token: .*"method":"notifications\/progress"/;
    expect(spawned().transportErrors.filter((error) => !sdkProgressRace.test(error.message))).toEqual([]);
  });
}

describe('scrapio-server mcp, to a running server (SCRAPIO_BASE_URL)', () => {
  let ts: TestServer;
  let site: FixtureServer;
  let spawned: Spawned;

  beforeAll(async () => {
    site = await startCrawlSite();
    ts = await startTestServer({ network: { allow: [`127.0.0.1:${site.port}`] } });
    spawned = await spawnMcp({ SCRAPIO_BASE_URL: ts.server.url, SCRAPIO_API_KEY: KEY_A });
  });
  afterAll(async () => {
    await spawned.client.close();
    await stopAll(ts, site);
  });

  describeTools(
    () => spawned,
    () => site,
    () => 'http://10.0.0.1/',
  );

  it('with a wrong API key, exits at start with the server’s invalid_api_key on stderr', async () => {
    await expect(spawnMcp({ SCRAPIO_BASE_URL: ts.server.url, SCRAPIO_API_KEY: 'not-a-key-of-this-server' })).rejects.toThrow(
      /stderr: scrapio-server: .*invalid_api_key/,
    );
  });
});

describe('scrapio-server mcp, embedded server (no SCRAPIO_BASE_URL)', () => {
  let site: FixtureServer;
  let outside: FixtureServer;
  let spawned: Spawned;
  const dataDir = tempDir('scrapio-mcp-embedded-');

  beforeAll(async () => {
    site = await startCrawlSite();
    outside = await startFixtureServer({ '/': (_req, res) => void res.writeHead(200).end('no') });
    // The allow-list comes from a config file, as a user would keep it.
    const configFile = path.join(dataDir, 'scrapio.config.json');
    fs.writeFileSync(configFile, JSON.stringify({ network: { allow: [`127.0.0.1:${site.port}`] } }));
    spawned = await spawnMcp({}, ['--data-dir', dataDir, '--config', configFile]);
  });
  afterAll(async () => {
    await spawned.client.close();
    await site.close();
    await outside.close();
  });

  describeTools(
    () => spawned,
    () => site,
    () => `${outside.url}/`,
  );

  it('runs on the given data directory, logging to stderr only', () => {
    expect(fs.existsSync(path.join(dataDir, 'api-key'))).toBe(true);
    expect(spawned.stderr()).toMatch(/stdio bridge to http:\/\/127\.0\.0\.1:\d+\/mcp \(embedded server\)/);
    expect(spawned.stderr()).toContain('scrapio-server started');
    expect(outside.hits).toEqual([]);
  });
});
