import { emptySessionState, type SessionState } from '../engine/browser/session-state';
import { canonicalJson } from '../lib/canonical-json';
import type { Clock } from '../lib/clock';
import type { SessionStore } from './session-store';

export interface SessionServices {
  sessions: SessionStore<SessionState>;
  clock: Clock;
}

/** The v1 `session` block of a response: `updated` says whether the job changed its cookies or storage. */
export interface SessionSummary {
  id: string;
  updated: boolean;
}

/**
 * Runs browser work inside a `session.id`: takes the session's lock (409 when another job holds it, 410 when
 * it expired), hands the stored state to the work, stores what the work hands back, and always releases.
 */
export async function withSession<T>(
  job: { services: SessionServices; tenant: string; jobId: string },
  ref: { id: string } | undefined,
  work: (state: SessionState | undefined) => Promise<{ value: T; state?: SessionState }>,
): Promise<{ value: T; session?: SessionSummary }> {
  if (!ref) return { value: (await work(undefined)).value };
  const { sessions, clock } = job.services;
  const held = await sessions.acquire(job.tenant, ref.id, job.jobId, clock.now());
  const before = held.state ?? emptySessionState();
  let after: SessionState | undefined;
  try {
    const outcome = await work(before);
    after = outcome.state;
    const updated = after !== undefined && canonicalJson(after) !== canonicalJson(before);
    return { value: outcome.value, session: { id: ref.id, updated } };
  } finally {
    await sessions.release(job.tenant, ref.id, job.jobId, after, clock.now());
  }
}
