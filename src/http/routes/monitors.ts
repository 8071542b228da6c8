import { Router, type Response } from 'express';
import { z } from 'zod';
import { ScrapioError } from '../../errors';
import { fetchInputOf, monitorSpecSchema, type MonitorSpec } from '../../monitors/monitor-input';
import type { MonitorService } from '../../monitors/monitor-service';
import type { Page } from '../../monitors/monitor-store';
import { specOf, toChangeView, toMonitorView, toRunView } from '../../monitors/monitor-view';
import { surfaces } from '../../surfaces/registry';
import type { AppDeps } from '../app-deps';
import { locals, tenantOf } from '../request-locals';
import { parseSurfaceInput } from '../surface-input';
import { requireObjectBody, validateInput } from '../validate-input';

/** The paging query of the monitor lists (GET /v1/monitors, …/runs, …/changes). */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
});

/**
 * EXT /v1/monitors: scheduled checks of one page with change detection (issue 16). Lists are paged like GET
 * /v1/jobs (newest first, `limit` and an opaque `next_cursor`).
 */
export function monitorRoutes(deps: AppDeps, monitors: MonitorService): Router {
  const router = Router();

  /** The spec validated whole, then its fetch input by the fetch surface (schema, SSRF policy, extract servable). */
  const validated = (raw: unknown): { spec: MonitorSpec; jobInput: Record<string, unknown> } => {
    const spec = validateInput(monitorSpecSchema, raw);
    const jobInput = parseSurfaceInput(surfaces.fetch, fetchInputOf(spec), deps.services, 'fetch') as Record<string, unknown>;
    if (spec.webhook) deps.services.policy.assertUrlAllowed(spec.webhook.url);
    return { spec, jobInput };
  };

  router.post('/', async (req, res) => {
    const { spec, jobInput } = validated(requireObjectBody(req.body));
    const row = await monitors.create(tenantOf(res), spec, jobInput);
    res.status(201).json({ request_id: locals(res).requestId, ...toMonitorView(row) });
  });

  router.get('/', async (req, res) => {
    const query = validateInput(pageQuery, req.query);
    const rows = await monitors.list(tenantOf(res), pageOf(query));
    sendPage(res, 'monitors', rows, query.limit, toMonitorView, (row) => [Number(row.created_at), row.id]);
  });

  router.get('/:id', async (req, res) => {
    const row = await monitors.find(tenantOf(res), req.params.id);
    res.json({ request_id: locals(res).requestId, ...toMonitorView(row) });
  });

  router.patch('/:id', async (req, res) => {
    const patch = requireObjectBody(req.body);
    const current = await monitors.find(tenantOf(res), req.params.id);
    const { spec, jobInput } = validated({ ...specOf(current), ...patch });
    const row = await monitors.update(tenantOf(res), current.id, spec, jobInput);
    res.json({ request_id: locals(res).requestId, ...toMonitorView(row) });
  });

  router.delete('/:id', async (req, res) => {
    await monitors.delete(tenantOf(res), req.params.id);
    res.json({ request_id: locals(res).requestId, monitor_id: req.params.id, deleted: true });
  });

  router.post('/:id/trigger', async (req, res) => {
    const { run, jobId } = await monitors.trigger(tenantOf(res), req.params.id);
    res.status(202).json({ request_id: locals(res).requestId, monitor_id: run.monitor_id, run_id: run.id, job_id: jobId, status: run.status });
  });

  router.get('/:id/runs', async (req, res) => {
    const query = validateInput(pageQuery, req.query);
    const monitor = await monitors.find(tenantOf(res), req.params.id);
    const rows = await monitors.runs(monitor.id, pageOf(query));
    sendPage(res, 'runs', rows, query.limit, toRunView, (row) => [Number(row.seq), row.id]);
  });

  router.get('/:id/runs/latest', async (req, res) => {
    const monitor = await monitors.find(tenantOf(res), req.params.id);
    const [latest] = await monitors.runs(monitor.id, { limit: 1 });
    res.json({ request_id: locals(res).requestId, run: latest ? toRunView(latest) : null });
  });

  router.get('/:id/changes', async (req, res) => {
    const query = validateInput(pageQuery, req.query);
    const monitor = await monitors.find(tenantOf(res), req.params.id);
    const rows = await monitors.changes(monitor.id, pageOf(query));
    sendPage(res, 'changes', rows, query.limit, toChangeView, (row) => [Number(row.seq), row.id]);
  });

  router.get('/:id/changes/latest', async (req, res) => {
    const monitor = await monitors.find(tenantOf(res), req.params.id);
    const [latest] = await monitors.changes(monitor.id, { limit: 1 });
    res.json({ request_id: locals(res).requestId, change: latest ? toChangeView(latest) : null });
  });

  return router;
}

/** One more row than asked is read: its presence is what says there is a next page. */
function pageOf(query: { limit: number; cursor?: string }): Page {
  return { limit: query.limit + 1, before: query.cursor ? decodeCursor(query.cursor) : undefined };
}

function sendPage<Row>(res: Response, name: string, rows: Row[], limit: number, view: (row: Row) => unknown, position: (row: Row) => [number, string]): void {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  res.json({
    request_id: locals(res).requestId,
    [name]: page.map(view),
    next_cursor: rows.length > limit && last !== undefined ? Buffer.from(JSON.stringify(position(last))).toString('base64url') : null,
  });
}

function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'number' && typeof id === 'string') return { at, id };
  } catch {
    // fall through to the error below
  }
  throw new ScrapioError('invalid_request', 'cursor: not a cursor returned by this endpoint (use next_cursor as given).');
}
