import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startYouTubeSite, type YouTubeSite } from '../../helpers/youtube-site';
import { bearer, KEY_A, startTestServer, stopAll, type TestServer } from '../../helpers/test-server';

/** The YouTube tools of /mcp against the YouTube fixture site (youtube.baseUrl), through the real server. */
let site: YouTubeSite;
let ts: TestServer;
let client: Client;

beforeAll(async () => {
  site = await startYouTubeSite();
  ts = await startTestServer({ youtube: { baseUrl: site.url, perRequestDelayMs: 5 } });
  client = new Client({ name: 'mcp-youtube-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', ts.server.url), { requestInit: { headers: bearer(KEY_A) } }));
});

afterAll(async () => {
  await client.close();
  await stopAll(ts, site);
});

const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;

describe('MCP YouTube tools', () => {
  it('youtube_search answers the results of GET /v1/youtube/search', async () => {
    const result = await call('youtube_search', { search: 'javascript tutorial', end_page: 2 });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { results: unknown[] }).results.length).toBeGreaterThan(2);
  });

  it('youtube_video and youtube_subtitles take typed arguments (booleans, not query-string text)', async () => {
    const video = await call('youtube_video', { video_id: 'W6NZfCO5SIk' });
    expect(video.isError).toBeFalsy();
    expect(video.structuredContent).toMatchObject({ video: { id: 'W6NZfCO5SIk', title: 'JavaScript Tutorial for Beginners: Learn JavaScript in 1 Hour' } });
    const subtitles = await call('youtube_subtitles', {
      video_id: 'W6NZfCO5SIk',
      language: 'en-US',
      subtitle_origin: 'auto_generated',
      include_timestamps: false,
    });
    expect(subtitles.isError).toBeFalsy();
    expect(
      (subtitles.structuredContent as { subtitles: { auto_generated: { en: Array<{ snippet: { runs: Array<{ text: string }> } }> } } }).subtitles.auto_generated
        .en,
    ).toHaveLength(1);
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === 'youtube_subtitles')!.inputSchema.properties!.include_timestamps).toEqual({ type: 'boolean' });
  });

  it('a bad video id is an invalid_request tool error; youtube_search_crawl queues a job', async () => {
    const bad = await call('youtube_video', { video_id: 'not-an-id!' });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/^invalid_request: video_id: /);
    const queued = await call('youtube_search_crawl', { search: 'javascript tutorial', end_page: 2 });
    expect(queued.structuredContent).toMatchObject({ job_type: 'youtube_search_crawl', status: 'queued' });
  });
});
