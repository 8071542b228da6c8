import express, { type Express } from 'express';
import type { AppDeps } from './http/app-deps';
import { requireApiKey } from './http/middleware/auth';
import { dashboardRoutes } from './dashboard/dashboard-routes';
import { errorHandler } from './http/middleware/error-handler';
import { jsonBody } from './http/middleware/json-body';
import { rateLimit } from './http/middleware/rate-limit';
import { requestId } from './http/middleware/request-id';
import { requestMetrics } from './http/middleware/request-metrics';
import { unknownRoute } from './http/routes/fallback';
import { fileRoutes } from './http/routes/files';
import { healthRoutes } from './http/routes/health';
import { jobInputRoutes } from './http/routes/job-input';
import { jobPagesRoutes } from './http/routes/job-pages';
import { jobRoutes } from './http/routes/jobs';
import { metricsRoutes } from './http/routes/metrics';
import { serverStatusRoutes } from './http/routes/server-status';
import { surfaceRoutes } from './http/routes/surfaces';
import { webhookRoutes } from './http/routes/webhooks';
import { youtubeRoutes } from './http/routes/youtube';

/** The Express app without listen(): main.ts serves it, tests drive it with supertest. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestId(deps.logger));
  app.use(requestMetrics(deps.requestMetrics));
  app.use(healthRoutes(deps.readiness));
  // Aggregate counts only; behind the API key when metrics.requireApiKey is set (a public port, no private network).
  if (deps.config.metrics.requireApiKey) app.use('/metrics', requireApiKey(deps.apiKeys));
  app.use(metricsRoutes(deps.metrics));
  // Signed file URLs carry their own authorisation (the HMAC), so they sit before the API-key check.
  app.use(fileRoutes(deps.files, deps.clock));
  // The dashboard's pages hold no data: its script calls /v1 with the key the user pastes (never in a URL).
  app.use('/dashboard', dashboardRoutes());

  const v1 = express.Router();
  v1.use(requireApiKey(deps.apiKeys));
  v1.use(rateLimit(deps.config.limits.rateLimit.requestsPerMinute, deps.clock));
  v1.use(jsonBody(deps.config.server.bodyLimitBytes));
  v1.use('/jobs', jobInputRoutes(deps.jobs));
  v1.use('/jobs', jobPagesRoutes(deps.jobs, deps.services.crawlStore, deps.clock));
  v1.use('/jobs', jobRoutes(deps));
  v1.use('/server', serverStatusRoutes(deps.serverStatus, deps.store));
  v1.use('/youtube', youtubeRoutes(deps, deps.services.youtube));
  v1.use('/webhooks', webhookRoutes(deps.webhookSecrets));
  v1.use(surfaceRoutes(deps));
  app.use('/v1', v1);

  app.use(unknownRoute);
  app.use(errorHandler(deps.config.server.bodyLimitBytes));
  return app;
}
