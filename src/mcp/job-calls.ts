import { errorFromStored, ScrapioError } from '../errors';
import type { AppDeps } from '../http/app-deps';
import { parseSurfaceInput } from '../http/surface-input';
import { PRIORITY_ASYNC, PRIORITY_INLINE } from '../jobs/job-service';
import type { JobRow } from '../jobs/job-store';
import { isTerminal } from '../jobs/job-state';
import { resultAvailable, toJobResponse } from '../jobs/job-view';
import { isJobKind, jobSurfaces, surfaces, type SurfaceKind } from '../surfaces/registry';

/** A job's progress as the MCP progress notification carries it. */
export interface Progress {
  completed: number;
  total?: number;
  status: string;
}

/** A surface run: its inline view when it ended in time, else the job still running. */
export type SurfaceOutcome = { ended: true; jobId: string; status: string; view: Record<string, unknown> } | { ended: false; job: Record<string, unknown> };

/** How often a waiting tool looks at a job's progress besides its events (progress updates emit none). */
const PROGRESS_POLL_MS = 500;

/**
 * The MCP tools' way into the server: the same services the REST routes use, in this process, so tenancy,
 * the network policy, limits, queue bounds and idempotency apply exactly as on /v1. The REST routes shape
 * HTTP answers; these return plain values and throw ScrapioError.
 */
export class JobCalls {
  constructor(
    private readonly deps: AppDeps,
    private readonly tenant: string,
  ) {}

  /** POST /v1/<kind> without HTTP: validate, submit with inline priority, wait up to `waitMs`, render the inline view. */
  async runSurface(kind: SurfaceKind, args: unknown, waitMs: number, onProgress?: (progress: Progress) => Promise<void>): Promise<SurfaceOutcome> {
    const { deps } = this;
    const deadline = deps.clock.now() + waitMs;
    const input = parseSurfaceInput(surfaces[kind], args, deps.services);
    const { job } = await deps.jobs.submit({ tenant: this.tenant, kind, input, priority: PRIORITY_INLINE });
    const row = onProgress ? await this.waitWithProgress(job.id, deadline, onProgress) : await deps.jobs.waitUntilEnded(job.id, deadline);
    if (!isTerminal(row.status)) return { ended: false, job: this.jobView(row) };
    if (row.status === 'failed') throw errorFromStored(row.error_code, row.error_message);
    if (row.status === 'cancelled') throw new ScrapioError('cancelled', `Job ${row.id} was cancelled before it finished.`);
    const body = (await deps.store.readResult(row.id)) as Record<string, unknown>;
    const view = await surfaces[kind].inlineView(
      { status: row.status as 'completed' | 'partial', body },
      { jobId: row.id, status: row.status, services: deps.services },
    );
    return { ended: true, jobId: row.id, status: row.status, view };
  }

  /** POST /v1/jobs without HTTP. */
  async submit(kind: SurfaceKind, args: unknown, webhookUrl?: string, idempotency?: { key: string; fingerprint: string }): Promise<Record<string, unknown>> {
    const { deps } = this;
    const input = parseSurfaceInput(surfaces[kind], args, deps.services, 'input');
    if (webhookUrl) deps.services.policy.assertUrlAllowed(webhookUrl);
    const { job, replayed } = await deps.jobs.submit({ tenant: this.tenant, kind, input, priority: PRIORITY_ASYNC, webhookUrl, idempotency });
    return { job_id: job.id, job_type: job.kind, status: 'queued', ...(replayed ? { idempotent_replayed: true } : {}) };
  }

  /** Submits a job of a kind without an inline surface (the YouTube search crawl), already validated. */
  async submitValidated(kind: 'youtube_search_crawl', input: unknown): Promise<Record<string, unknown>> {
    const { job } = await this.deps.jobs.submit({ tenant: this.tenant, kind, input, priority: PRIORITY_ASYNC });
    return { job_id: job.id, job_type: job.kind, status: 'queued' };
  }

  async get(jobId: string): Promise<Record<string, unknown>> {
    return this.jobView(await this.deps.jobs.find(this.tenant, jobId));
  }

  /** GET /v1/jobs/{id}/result without HTTP, paged like ?offset=&limit= (crawl pages). */
  async result(jobId: string, paging?: { offset: number; limit: number }): Promise<Record<string, unknown>> {
    const { deps } = this;
    const row = await deps.jobs.find(this.tenant, jobId);
    if (row.status === 'queued' || row.status === 'running')
      throw new ScrapioError('job_not_ready', `Job ${row.id} is ${row.status}; call get_job until result_available is true.`);
    if (row.status === 'failed') throw new ScrapioError('job_failed', `Job ${row.id} failed: ${row.error_message ?? row.error_code ?? 'unknown error'}`);
    if (!resultAvailable(row, deps.clock.now())) throw new ScrapioError('job_not_found', `Job ${row.id}'s result has expired.`);
    const body = (await deps.store.readResult(row.id)) as Record<string, unknown> | undefined;
    if (!isJobKind(row.kind)) throw new ScrapioError('internal_error', `No surface for job kind ${row.kind}.`);
    const view = await jobSurfaces[row.kind].resultView(body, { jobId: row.id, status: row.status, services: deps.services, paging });
    return { job_id: row.id, job_type: row.kind, status: row.status, ...view };
  }

  async cancel(jobId: string): Promise<Record<string, unknown>> {
    const { job } = await this.deps.jobs.cancel(this.tenant, jobId);
    return { job_id: job.id, job_type: job.kind, status: job.status };
  }

  private jobView(row: JobRow): Record<string, unknown> {
    const { request_id: _none, ...rest } = toJobResponse(row, '', this.deps.clock.now());
    return rest;
  }

  /** Waits for the job's end, reporting its progress whenever it changes (a crawl page, a status change, or the poll). */
  private async waitWithProgress(jobId: string, deadline: number, onProgress: (progress: Progress) => Promise<void>): Promise<JobRow> {
    const { deps } = this;
    let lastReported = '';
    let wake: () => void = () => undefined;
    const nudge = () => wake();
    const unsubscribe = deps.events.onChange(jobId, nudge);
    const unpublish = deps.events.onPublish(jobId, nudge);
    try {
      for (;;) {
        const row = await deps.jobs.find(this.tenant, jobId);
        const progress: Progress = { completed: row.progress_completed ?? 0, total: row.progress_total ?? undefined, status: row.status };
        const key = JSON.stringify(progress);
        if (key !== lastReported) {
          lastReported = key;
          await onProgress(progress);
        }
        const remaining = deadline - deps.clock.now();
        if (isTerminal(row.status) || remaining <= 0) return row;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(PROGRESS_POLL_MS, remaining));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      unsubscribe();
      unpublish();
    }
  }
}
