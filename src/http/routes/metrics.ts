import { Router } from 'express';

/** The Prometheus registry as the route needs it (prom-client's Registry has this shape). */
export interface MetricsSource {
  readonly contentType: string;
  /** The text exposition of every metric; gauges read their sources now. */
  metrics(): Promise<string>;
}

/**
 * EXT GET /metrics: the Prometheus text exposition (src/telemetry/metrics.ts). Every value is an aggregate
 * over all tenants (no tenant label, no job ids), so an open /metrics reveals load, not whose jobs;
 * metrics.requireApiKey closes it.
 */
export function metricsRoutes(source: MetricsSource): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const body = await source.metrics();
    res.type(source.contentType).send(body);
  });
  return router;
}
