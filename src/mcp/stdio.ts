import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from '../version';
import { afterNotifications, INSTRUCTIONS, SERVER_INFO } from './mcp-server';

/** A server this process started for itself (no SCRAPIO_BASE_URL given). */
export interface EmbeddedServer {
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

/** How long one forwarded tool call may take without a progress notification (a crawl's wait is bounded server-side). */
const CALL_TIMEOUT_MS = 15 * 60_000;

/**
 * `scrapio-server mcp`: MCP over stdio, for agent frameworks that spawn their tools. It is a bridge: every
 * request is forwarded to a server's streamable-HTTP endpoint (/mcp), so the tools, their tenancy and their
 * limits are exactly those of that server. The server is SCRAPIO_BASE_URL (with SCRAPIO_API_KEY), or, when
 * none is given, one started in this process on the local data directory, on 127.0.0.1 and a free port.
 * stdout carries MCP frames only: everything else goes to stderr.
 */
export async function runMcpStdio(env: NodeJS.ProcessEnv, startEmbedded: () => Promise<EmbeddedServer>): Promise<void> {
  const embedded = env.SCRAPIO_BASE_URL ? undefined : await startEmbedded();
  const baseUrl = env.SCRAPIO_BASE_URL ?? embedded!.url;
  const apiKey = env.SCRAPIO_API_KEY ?? embedded?.apiKey;
  if (!apiKey) throw new Error('SCRAPIO_BASE_URL is set but SCRAPIO_API_KEY is not: the server needs an API key.');

  const upstream = new Client({ name: 'scrapio-server-stdio', version: VERSION });
  await upstream.connect(new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), { requestInit: { headers: { Authorization: `Bearer ${apiKey}` } } }));
  process.stderr.write(`scrapio-server mcp: stdio bridge to ${baseUrl}/mcp${embedded ? ' (embedded server)' : ''}\n`);

  const server = new Server(SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, (request) => upstream.listTools(request.params));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const progressToken = request.params._meta?.progressToken;
    const { _meta: _dropped, ...params } = request.params;
    // Relayed notifications still being written: the answer must follow them, or the caller (who forgets the
    // token once answered) would get the last ones after the result and drop them as unknown.
    const relayed: Array<Promise<void>> = [];
    try {
      const result = (await upstream.callTool(params, undefined, {
        signal: extra.signal,
        timeout: CALL_TIMEOUT_MS,
        resetTimeoutOnProgress: true,
        // Progress is asked for upstream only when our caller asked for it, and relayed under the caller's token.
        onprogress:
          progressToken === undefined
            ? undefined
            : (progress) =>
                void relayed.push(extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken } }).catch(() => undefined)),
      })) as CallToolResult;
      await Promise.all(relayed);
      if (relayed.length > 0) await afterNotifications();
      return result;
    } catch (error) {
      // The server could not be reached or refused the request (e.g. a wrong key): still a tool error, with a code.
      const message = error instanceof Error ? error.message : String(error);
      return {
        isError: true,
        content: [{ type: 'text', text: `${/401|invalid_api_key|missing_api_key/.test(message) ? 'invalid_api_key' : 'internal_error'}: ${message}` }],
      };
    }
  });

  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      await server.close().catch(() => undefined);
      await upstream.close().catch(() => undefined);
      await embedded?.stop();
      process.exit(0);
    })());
  process.stdin.on('end', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  await server.connect(new StdioServerTransport());
}
