import { Router } from 'express';

export interface Readiness {
  ready(): boolean;
}

/** GET /health (liveness, no auth) and EXT GET /ready (503 until the store and worker pool are up). */
export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ ok: true, request_id: res.locals.requestId });
  });
  router.get('/ready', (_req, res) => {
    const ready = readiness.ready();
    res.status(ready ? 200 : 503).json({ ok: ready, request_id: res.locals.requestId });
  });
  return router;
}
