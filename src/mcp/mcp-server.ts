import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AppDeps } from '../http/app-deps';
import { VERSION } from '../version';
import { toolError } from './tool-result';
import type { Tool } from './tools';

export const SERVER_INFO = { name: 'scrapio-server', version: VERSION };

export const INSTRUCTIONS =
  'Web data tools of a self-hosted Scrapio server: fetch a page as markdown, crawl or map a site, search (the web or provider "local" for pages already fetched), interact with a page in Chromium, and manage async jobs. Errors start with the API error code (e.g. url_not_allowed).';

/**
 * One MCP server for one caller (tenant). The tools run in this process through the same services as /v1,
 * so the caller's tenancy, the network policy and the limits apply exactly as on the REST API.
 */
export function createMcpServer(deps: AppDeps, tenant: string, tools: Tool[]): Server {
  const server = new Server(SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  const byName = new Map(tools.map((tool) => [tool.name, tool]));

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((tool) => ({ name: tool.name, title: tool.title, description: tool.description, inputSchema: tool.inputSchema as { type: 'object' } })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    if (!tool) return toolError(Object.assign(new Error(`Unknown tool "${request.params.name}".`), { code: 'invalid_request' }));
    const progressToken = request.params._meta?.progressToken;
    const reportProgress =
      progressToken === undefined
        ? undefined
        : async (progress: { completed: number; total?: number; status: string }) => {
            await extra.sendNotification({
              method: 'notifications/progress',
              params: {
                progressToken,
                progress: progress.completed,
                ...(progress.total !== undefined ? { total: progress.total } : {}),
                message: `${progress.status}: ${progress.completed}${progress.total !== undefined ? `/${progress.total}` : ''} pages`,
              },
            });
          };
    try {
      const result = await tool.call(request.params.arguments ?? {}, { deps, tenant, signal: extra.signal, reportProgress });
      if (reportProgress) await afterNotifications();
      return result;
    } catch (error) {
      deps.logger.debug({ err: error, tool: tool.name }, 'mcp tool failed');
      return toolError(error);
    }
  });
  return server;
}

/**
 * Lets the last progress notification leave before the answer. The SDK's Client handles notifications a
 * microtask later but answers at once, and forgets a call's progress token with its answer: a notification
 * read in the same chunk as the answer is dropped (and reported to the client's onerror). Yielding to the
 * event loop once makes that rarer; it cannot rule it out, as the client decides how it reads.
 */
export function afterNotifications(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
