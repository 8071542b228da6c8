import { isoTime } from '../lib/iso-time';
import type { JobRow } from './job-store';
import { hasReadableResult, isTerminal } from './job-state';

/** Kinds whose status shows `progress` (the one field later hosted versions added to job status). */
const PROGRESS_KINDS = new Set(['crawl', 'map']);

export function resultAvailable(row: JobRow, now: number): boolean {
  return hasReadableResult(row.status) && row.result_expires_at !== null && Number(row.result_expires_at) > now;
}

/** GET /v1/jobs/{id}: the v1 JobResponse of a row. */
export function toJobResponse(row: JobRow, requestId: string, now: number): Record<string, unknown> {
  const response: Record<string, unknown> = {
    request_id: requestId,
    job_id: row.id,
    job_type: row.kind,
    status: row.status,
    mode: 'async',
    created_at: isoTime(row.created_at),
  };
  const startedAt = isoTime(row.started_at);
  if (startedAt) response.started_at = startedAt;
  const completedAt = isTerminal(row.status) ? isoTime(row.completed_at) : undefined;
  if (completedAt) response.completed_at = completedAt;
  response.result_available = resultAvailable(row, now);
  if (row.status === 'failed' && row.error_code) {
    const error: Record<string, unknown> = { code: row.error_code, message: row.error_message ?? '' };
    if (row.error_diagnostics) error.diagnostics = JSON.parse(row.error_diagnostics);
    response.error = error;
  }
  if (PROGRESS_KINDS.has(row.kind) && row.progress_total !== null) {
    response.progress = { completed: row.progress_completed ?? 0, total: row.progress_total };
  }
  return response;
}

/**
 * The webhook body: `{type: "job.<status>", data: <JobResponse>}`. Under compat.strict `data` is exactly the v1
 * JobResponse: without `progress`, which the HTTP answers lose in the strict response filter (webhooks are no
 * HTTP response, so the filter never sees them).
 */
export function webhookPayload(row: JobRow, requestId: string, now: number, strict = false): string {
  const data = toJobResponse(row, requestId, now);
  if (strict) delete data.progress;
  return JSON.stringify({ type: `job.${row.status}`, data });
}
