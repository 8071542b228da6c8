import { Router, type Response } from 'express';
import { z } from 'zod';
import { ScrapioError } from '../../errors';
import { jobNotFound, PRIORITY_ASYNC } from '../../jobs/job-service';
import type { JobRow } from '../../jobs/job-store';
import { JOB_STATUSES } from '../../jobs/job-state';
import { resultAvailable, toJobResponse } from '../../jobs/job-view';
import { httpUrl } from '../../surfaces/shared/common-input';
import { isJobKind, JOB_KINDS, jobSurfaces, SURFACE_KINDS, surfaces } from '../../surfaces/registry';
import type { AppDeps } from '../app-deps';
import { idempotencyOf } from '../idempotency-key';
import { locals, tenantOf } from '../request-locals';
import { parseSurfaceInput } from '../surface-input';
import { requireObjectBody, validateInput } from '../validate-input';
import { streamJobEvents } from './job-events-stream';

export const createJobEnvelope = z.strictObject({
  kind: z.enum(SURFACE_KINDS, { message: `must be one of ${SURFACE_KINDS.join(', ')}` }),
  input: z.record(z.string(), z.unknown(), { message: 'must be an object with the surface request fields' }),
  webhook: z.strictObject({ url: httpUrl }).optional(),
});

export const resultPaging = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const listQuery = z.strictObject({
  status: z.enum(JOB_STATUSES).optional(),
  kind: z.enum(JOB_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
});

/** The Jobs API: submit, status, result, cancel, and the EXT list and event stream. */
export function jobRoutes(deps: AppDeps): Router {
  const router = Router();
  const { jobs, store, clock, services } = deps;

  router.post('/', async (req, res) => {
    const body = requireObjectBody(req.body);
    const envelope = validateInput(createJobEnvelope, body);
    const surface = surfaces[envelope.kind];
    const input = parseSurfaceInput(surface, envelope.input, services, 'input');
    if (envelope.webhook) services.policy.assertUrlAllowed(envelope.webhook.url);
    const { job, replayed } = await jobs.submit({
      tenant: tenantOf(res),
      kind: envelope.kind,
      input,
      priority: PRIORITY_ASYNC,
      webhookUrl: envelope.webhook?.url,
      idempotency: idempotencyOf(req, body),
      testFault: locals(res).testFault,
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(202).json({ request_id: locals(res).requestId, mode: 'async', status: 'queued', job_id: job.id, job_type: job.kind });
  });

  router.get('/', async (req, res) => {
    const query = validateInput(listQuery, req.query);
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await store.list(tenantOf(res), { status: query.status, kind: query.kind, limit: query.limit + 1, before });
    const page = rows.slice(0, query.limit);
    const requestId = locals(res).requestId;
    const now = clock.now();
    const last = page[page.length - 1];
    res.json({
      request_id: requestId,
      jobs: page.map((row) => withoutRequestId(toJobResponse(row, requestId, now))),
      next_cursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    });
  });

  router.get('/:id', async (req, res) => {
    const row = await jobs.find(tenantOf(res), req.params.id);
    res.json(toJobResponse(row, locals(res).requestId, clock.now()));
  });

  router.get('/:id/result', async (req, res) => {
    const row = await jobs.find(tenantOf(res), req.params.id);
    const paging = req.query.offset !== undefined || req.query.limit !== undefined ? validateInput(resultPaging, req.query) : undefined;
    await sendResult(res, row, deps, paging);
  });

  router.post('/:id/cancel', async (req, res) => {
    const { job, accepted } = await jobs.cancel(tenantOf(res), req.params.id);
    res.status(accepted ? 202 : 200).json({ request_id: locals(res).requestId, job_id: job.id, job_type: job.kind, status: job.status, mode: 'async' });
  });

  router.get('/:id/events', async (req, res) => {
    const row = await jobs.find(tenantOf(res), req.params.id);
    streamJobEvents(req, res, row, deps);
  });

  return router;
}

async function sendResult(res: Response, row: JobRow, deps: AppDeps, paging?: { offset: number; limit: number }): Promise<void> {
  const requestId = locals(res).requestId;
  if (row.status === 'queued' || row.status === 'running') {
    throw new ScrapioError('job_not_ready', `Job ${row.id} is ${row.status}; poll GET /v1/jobs/${row.id} until result_available is true.`);
  }
  if (row.status === 'failed') {
    throw new ScrapioError('job_failed', `Job ${row.id} failed: ${row.error_message ?? row.error_code ?? 'unknown error'}`);
  }
  if (!resultAvailable(row, deps.clock.now())) throw jobNotFound(row.id);
  const body = (await deps.store.readResult(row.id)) as Record<string, unknown> | undefined;
  if (body === undefined && row.status !== 'cancelled') throw jobNotFound(row.id);
  if (!isJobKind(row.kind)) throw new ScrapioError('internal_error', `No surface for job kind ${row.kind}.`);
  res.json({
    request_id: requestId,
    job_id: row.id,
    job_type: row.kind,
    status: row.status,
    mode: 'async',
    ...(await jobSurfaces[row.kind].resultView(body, {
      jobId: row.id,
      status: row.status,
      services: deps.services,
      paging,
      nextPageUrl: (offset, limit) => `${publicBaseUrl(deps)}/v1/jobs/${row.id}/result?offset=${offset}&limit=${limit}`,
    })),
  });
}

function publicBaseUrl(deps: AppDeps): string {
  return deps.config.server.publicBaseUrl ?? deps.baseUrl();
}

function withoutRequestId(response: Record<string, unknown>): Record<string, unknown> {
  const { request_id: _omitted, ...rest } = response;
  return rest;
}

function encodeCursor(row: JobRow): string {
  return Buffer.from(JSON.stringify([Number(row.created_at), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof createdAt === 'number' && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through to the error below
  }
  throw new ScrapioError('invalid_request', 'cursor: not a cursor returned by this endpoint (use next_cursor as given).');
}
