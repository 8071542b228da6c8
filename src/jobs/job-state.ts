/**
 * The job lifecycle, in one place: queued → running → completed | partial | failed; queued|running → cancelled.
 * A running job may also go back to queued (a retry, or a requeue at shutdown or after a crash).
 * Every status change in job-store.ts is a guarded UPDATE built from this table, so a lost race changes nothing.
 */
export const JOB_STATUSES = ['queued', 'running', 'completed', 'partial', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type TerminalStatus = 'completed' | 'partial' | 'failed' | 'cancelled';

const TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  queued: ['running', 'cancelled'],
  running: ['completed', 'partial', 'failed', 'cancelled', 'queued'],
  completed: [],
  partial: [],
  failed: [],
  cancelled: [],
};

/** The statuses a job may be in for a move to `target` to be legal: the WHERE of the guarded UPDATE. */
export function allowedSources(target: JobStatus): JobStatus[] {
  return JOB_STATUSES.filter((source) => TRANSITIONS[source].includes(target));
}

export function isTerminal(status: string): status is TerminalStatus {
  return status === 'completed' || status === 'partial' || status === 'failed' || status === 'cancelled';
}

/** Statuses whose result can be read through GET /v1/jobs/{id}/result. */
export function hasReadableResult(status: string): boolean {
  return status === 'completed' || status === 'partial' || status === 'cancelled';
}
