import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { Router } from 'express';
import { ScrapioError } from '../errors';
import type { AppDeps } from '../http/app-deps';
import { tenantOf } from '../http/request-locals';
import { createMcpServer } from './mcp-server';
import { buildTools, type Tool } from './tools';

/**
 * POST /mcp: MCP over streamable HTTP, behind the same API-key check as /v1 (mounted after it in app.ts).
 *
 * Stateless: every POST gets its own server and transport, and no Mcp-Session-Id is issued. A session would
 * hold nothing worth keeping (jobs live in the database, the tenant comes with every request's key), and
 * without one any node behind a load balancer can answer any request. A tool's progress notifications
 * stream on its own POST's SSE answer, which needs no session. GET (a server-initiated stream) and DELETE
 * (ending a session) have no meaning here: 405.
 */
export function mcpRoutes(deps: AppDeps): Router {
  const router = Router();
  let tools: Tool[] | undefined;
  router.post('/', async (req, res) => {
    tools ??= buildTools(deps);
    const server = createMcpServer(deps, tenantOf(res), tools);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  router.all('/', (req, res, next) => {
    res.setHeader('Allow', 'POST');
    next(new ScrapioError('method_not_allowed', `${req.method} is not allowed on /mcp: this MCP endpoint is stateless, use POST.`));
  });
  return router;
}
