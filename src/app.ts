import express, { type Express } from 'express';
import type { AppDeps } from './http/app-deps';
import { requireApiKey } from './http/middleware/auth';
import { testFaults } from './http/middleware/test-faults';
import { accountAdminRoutes, meRoutes } from './http/routes/account';
import { dashboardRoutes } from './dashboard/dashboard-routes';
import { errorHandler } from './http/middleware/error-handler';
import { jsonBody } from './http/middleware/json-body';
import { rateLimit } from './http/middleware/rate-limit';
import { requestId } from './http/middleware/request-id';
import { requestMetrics } from './http/middleware/request-metrics';
import { apiDocsRoutes } from './http/routes/api-docs';
import { unknownRoute } from './http/routes/fallback';
import { amazonRoutes } from './http/routes/amazon';
import { fileRoutes } from './http/routes/files';
import { googleRoutes } from './http/routes/google';
import { healthRoutes } from './http/routes/health';
import { jobInputRoutes } from './http/routes/job-input';
import { jobPagesRoutes } from './http/routes/job-pages';
import { jobRoutes } from './http/routes/jobs';
import { metricsRoutes } from './http/routes/metrics';
import { monitorRoutes } from './http/routes/monitors';
import { serverStatusRoutes } from './http/routes/server-status';
import { surfaceRoutes } from './http/routes/surfaces';
import { webhookRoutes } from './http/routes/webhooks';
import { strictResponses } from './http/strict/strict-responses';
import { walmartRoutes } from './http/routes/walmart';
import { youtubeRoutes } from './http/routes/youtube';
import { mcpRoutes } from './mcp/mcp-routes';

/** The Express app without listen(): main.ts serves it, tests drive it with supertest. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestId(deps.logger));
  // compat.strict: every JSON answer (errors included) is pruned to its v1 response schema on the way out.
  if (deps.config.compat.strict) app.use(strictResponses());
  app.use(requestMetrics(deps.requestMetrics));
  app.use(healthRoutes(deps.readiness));
  // Aggregate counts only; behind the API key when metrics.requireApiKey is set (a public port, no private network).
  if (deps.config.metrics.requireApiKey) app.use('/metrics', requireApiKey(deps.apiKeys));
  app.use(metricsRoutes(deps.metrics));
  // Signed file URLs carry their own authorisation (the HMAC), so they sit before the API-key check.
  app.use(fileRoutes(deps.files, deps.clock));
  // The API's description is public, like the README: no key needed to read it.
  app.use(apiDocsRoutes(deps.config));
  // The dashboard's pages hold no data: its script calls /v1 with the key the user pastes (never in a URL).
  app.use('/dashboard', dashboardRoutes());

  // Authorised by billing.adminKey, not by an API key: before the API-key check.
  app.use('/v1/account', accountAdminRoutes(deps.config.billing, deps.credits, deps.apiKeys, deps.config.server.bodyLimitBytes));

  // One budget per tenant across /v1 and /mcp: a second front door must not double the rate limit.
  const limiter = rateLimit(deps.config.limits.rateLimit.requestsPerMinute, deps.clock);
  const v1 = express.Router();
  v1.use(requireApiKey(deps.apiKeys));
  v1.use(testFaults(deps.config.testing, deps.apiKeys));
  v1.use(limiter);
  v1.use(jsonBody(deps.config.server.bodyLimitBytes));
  v1.use('/jobs', jobInputRoutes(deps.jobs));
  v1.use('/jobs', jobPagesRoutes(deps.jobs, deps.services.crawlStore, deps.clock));
  v1.use('/jobs', jobRoutes(deps));
  v1.use('/server', serverStatusRoutes(deps.serverStatus, deps.store));
  v1.use('/youtube', youtubeRoutes(deps, deps.services.youtube));
  v1.use('/walmart', walmartRoutes(deps, deps.services.walmart));
  v1.use('/amazon', amazonRoutes(deps, deps.services.amazon));
  v1.use('/google', googleRoutes(deps));
  v1.use('/webhooks', webhookRoutes(deps.webhookSecrets));
  v1.use(meRoutes(deps.config.billing, deps.credits));
  v1.use('/monitors', monitorRoutes(deps, deps.monitors));
  v1.use(surfaceRoutes(deps));
  app.use('/v1', v1);

  // MCP (streamable HTTP): the same key, rate limit and body limit as /v1; the tools call the same services.
  app.use('/mcp', requireApiKey(deps.apiKeys), limiter, jsonBody(deps.config.server.bodyLimitBytes), mcpRoutes(deps));

  app.use(unknownRoute);
  app.use(errorHandler(deps.config.server.bodyLimitBytes));
  return app;
}
