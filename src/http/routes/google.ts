import { Router, type Response } from 'express';
import { coerceError } from '../../errors';
import { googleSearchQuerySchema } from '../../surfaces/search/google-input';
import { googleSerp } from '../../surfaces/search/google-serp';
import type { AppDeps } from '../app-deps';
import { locals, tenantOf } from '../request-locals';
import { validateInput } from '../validate-input';

/**
 * GET /v1/google/search, inline. Its errors take the v1 GoogleErrorResponse shape, which is closed and keeps
 * failure diagnostics inside `error` (as strings) rather than beside it as ErrorResponse does.
 */
export function googleRoutes(deps: Pick<AppDeps, 'config' | 'services'>): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const query = validateInput(googleSearchQuerySchema, req.query);
      const body = await googleSerp(query, {
        backends: deps.services.searchBackends,
        googleBackend: deps.config.search.googleBackend,
        tenant: tenantOf(res),
        signal: controller.signal,
      });
      res.json({ request_id: locals(res).requestId, ...body });
    } catch (thrown) {
      sendGoogleError(res, thrown);
    }
  });
  return router;
}

function sendGoogleError(res: Response, thrown: unknown): void {
  const error = coerceError(thrown);
  if (error.status >= 500 && error.code === 'internal_error') res.locals.logger?.error({ err: thrown }, 'unhandled error in GET /v1/google/search');
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  const body: { code: string; message: string; diagnostics?: Record<string, string> } = { code: error.code, message: error.message };
  if (error.status >= 500 || error.blocked !== undefined || error.timedOut) {
    body.diagnostics = Object.fromEntries(Object.entries(error.diagnostics()).map(([key, value]) => [key, String(value)]));
  }
  res.status(error.status).json({ request_id: locals(res).requestId, error: body });
}
