import { emptySessionState, type SessionState } from '../engine/browser/session-state';
import { canonicalJson } from '../http/idempotency-key';
import type { JobContext } from '../surfaces/surface';

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
  context: JobContext,
  ref: { id: string } | undefined,
  work: (state: SessionState | undefined) => Promise<{ value: T; state?: SessionState }>,
): Promise<{ value: T; session?: SessionSummary }> {
  if (!ref) return { value: (await work(undefined)).value };
  const { sessions, clock } = context.services;
  const held = await sessions.acquire(context.tenant, ref.id, context.jobId, clock.now());
  const before = held.state ?? emptySessionState();
  let after: SessionState | undefined;
  try {
    const outcome = await work(before);
    after = outcome.state;
    const updated = after !== undefined && canonicalJson(after) !== canonicalJson(before);
    return { value: outcome.value, session: { id: ref.id, updated } };
  } finally {
    await sessions.release(context.tenant, ref.id, context.jobId, after, clock.now());
  }
}
