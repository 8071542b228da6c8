import { Router } from 'express';

export interface MetricsSource {
  /** Current values: job counts by status, pool usage, process memory. */
  snapshot(): Promise<Record<string, number | Record<string, number>>>;
}

/**
 * EXT GET /metrics: Prometheus text exposition of a few gauges. Every value is an aggregate over all tenants (no
 * tenant label, no job ids), so an open /metrics reveals load, not whose jobs; metrics.requireApiKey closes it.
 */
export function metricsRoutes(source: MetricsSource): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const snapshot = await source.snapshot();
    const lines: string[] = [];
    for (const [name, value] of Object.entries(snapshot)) {
      lines.push(`# TYPE scrapio_${name} gauge`);
      if (typeof value === 'number') lines.push(`scrapio_${name} ${value}`);
      else for (const [label, labelled] of Object.entries(value)) lines.push(`scrapio_${name}{status="${label}"} ${labelled}`);
    }
    res.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
  return router;
}
