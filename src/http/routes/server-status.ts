import { Router } from 'express';
import type { JobStore } from '../../jobs/job-store';
import { isoTime } from '../../lib/iso-time';
import { locals, tenantOf } from '../request-locals';

/** The aggregate load figures of this process, read from the components that own them (built by main.ts). */
export interface ServerStatusSource {
  workersBusy(): number;
  workersTotal(): number;
  queueDepth(): Promise<number>;
  jobsByStatus(): Promise<Record<string, number>>;
  /** The Chromium process trees of the browser pool and their summed resident memory. */
  chromium(): Promise<{ processes: number; residentBytes: number }>;
}

/** How many of the caller's failed jobs "recent errors" lists. */
const RECENT_ERRORS = 10;

/**
 * EXT GET /v1/server/status: what the dashboard's health view shows. The load figures are aggregates over all
 * tenants (the same ones /metrics exposes: no tenant, no job ids); the recent errors are the caller's own failed
 * jobs only, so one tenant never sees another's URLs or messages.
 */
export function serverStatusRoutes(source: ServerStatusSource, store: Pick<JobStore, 'list'>): Router {
  const router = Router();
  router.get('/status', async (_req, res) => {
    const [queueDepth, jobsByStatus, chromium, failed] = await Promise.all([
      source.queueDepth(),
      source.jobsByStatus(),
      source.chromium(),
      store.list(tenantOf(res), { status: 'failed', limit: RECENT_ERRORS }),
    ]);
    const memory = process.memoryUsage();
    res.json({
      request_id: locals(res).requestId,
      uptime_seconds: Math.round(process.uptime()),
      workers: { busy: source.workersBusy(), total: source.workersTotal() },
      queue: { depth: queueDepth },
      jobs_by_status: jobsByStatus,
      chromium: { processes: chromium.processes, resident_bytes: chromium.residentBytes },
      memory: { rss_bytes: memory.rss, heap_used_bytes: memory.heapUsed, heap_total_bytes: memory.heapTotal },
      recent_errors: failed.map((row) => ({
        job_id: row.id,
        job_type: row.kind,
        at: isoTime(row.completed_at),
        code: row.error_code,
        message: row.error_message,
      })),
    });
  });
  return router;
}
