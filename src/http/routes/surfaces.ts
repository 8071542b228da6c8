import { Router, type Request, type Response } from 'express';
import { errorFromStored, ScrapioError } from '../../errors';
import { PRIORITY_INLINE } from '../../jobs/job-service';
import type { JobRow } from '../../jobs/job-store';
import { isTerminal } from '../../jobs/job-state';
import { surfaces, type SurfaceKind } from '../../surfaces/registry';
import type { AppDeps } from '../app-deps';
import { idempotencyOf } from '../idempotency-key';
import { locals, tenantOf } from '../request-locals';
import { parseSurfaceInput } from '../surface-input';
import { requireObjectBody } from '../validate-input';
import { sendError } from '../error-envelope';

/**
 * The inline surfaces (POST /v1/fetch, /crawl, /map, /interact, /search). Each request becomes a job with
 * inline priority; the caller waits up to inline.timeoutMs from arrival (queue time included). A job that
 * has not ended by then keeps running and the answer is 202 with its job_id: nothing is computed twice.
 */
export function surfaceRoutes(deps: AppDeps): Router {
  const router = Router();
  for (const kind of Object.keys(surfaces) as SurfaceKind[]) {
    router.post(`/${kind}`, (req, res) => runInline(kind, req, res, deps));
  }
  return router;
}

async function runInline(kind: SurfaceKind, req: Request, res: Response, deps: AppDeps): Promise<void> {
  const arrivedAt = deps.clock.now();
  const surface = surfaces[kind];
  const body = requireObjectBody(req.body);
  const input = parseSurfaceInput(surface, body, deps.services);
  const { job, replayed } = await deps.jobs.submit({
    tenant: tenantOf(res),
    kind,
    input,
    priority: PRIORITY_INLINE,
    // EXT: honoured on inline surfaces too, unless compat.strict (the hosted API ignores it there).
    idempotency: deps.config.compat.strict ? undefined : idempotencyOf(req, body),
    testFault: locals(res).testFault,
  });
  if (replayed) res.setHeader('Idempotent-Replayed', 'true');
  // A `promote` test fault answers as if inline.timeoutMs had run out already: 202 with the job just queued.
  const row = locals(res).testFault?.code === 'promote' ? job : await deps.jobs.waitUntilEnded(job.id, arrivedAt + deps.config.inline.timeoutMs);
  await answer(kind, row, res, deps);
}

async function answer(kind: SurfaceKind, row: JobRow, res: Response, deps: AppDeps): Promise<void> {
  const requestId = locals(res).requestId;
  if (!isTerminal(row.status)) {
    const accepted: Record<string, unknown> = { request_id: requestId, mode: 'async', status: 'queued', job_id: row.id };
    // The v1 AsyncFetchResponse has no job_type; the accepted envelope of the other surfaces does.
    if (kind !== 'fetch') accepted.job_type = row.kind;
    res.status(202).json(accepted);
    return;
  }
  if (row.status === 'failed') {
    sendError(res, errorFromStored(row.error_code, row.error_message), row.error_diagnostics ? JSON.parse(row.error_diagnostics) : undefined);
    return;
  }
  if (row.status === 'cancelled') {
    sendError(res, new ScrapioError('cancelled', `Job ${row.id} was cancelled before it finished.`));
    return;
  }
  const body = (await deps.store.readResult(row.id)) as Record<string, unknown>;
  const view = await surfaces[kind].inlineView(
    { status: row.status as 'completed' | 'partial', body },
    { jobId: row.id, status: row.status, services: deps.services },
  );
  res.status(200).json({ request_id: requestId, ...view });
}
