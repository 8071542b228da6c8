import type { Db } from '../db/database';
import { ScrapioError } from '../errors';

/** Expired sessions are kept this many idle-TTLs past expiry, so their id answers 410 rather than starting afresh. */
const TOMBSTONE_FACTOR = 7;

export interface HeldSession<State> {
  id: string;
  /** The stored state; undefined for a session used for the first time. */
  state?: State;
}

/**
 * Sessions per tenant in SQLite. A job holds a session for its whole run (a guarded UPDATE takes the lock),
 * so a second concurrent use is refused with 409; an idle session expires and then answers 410.
 */
export class SessionStore<State> {
  readonly #db: Db;
  readonly #idleTtlMs: number;

  constructor(db: Db, idleTtlMs: number) {
    this.#db = db;
    this.#idleTtlMs = idleTtlMs;
  }

  async acquire(tenant: string, id: string, holder: string, now: number): Promise<HeldSession<State>> {
    const existing = await this.#db.selectFrom('sessions').selectAll().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!existing) {
      const inserted = await this.#db
        .insertInto('sessions')
        .values({ tenant, id, state: 'null', created_at: now, updated_at: now, expires_at: now + this.#idleTtlMs, locked_by: holder, locked_at: now })
        .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { id };
      throw busy(id); // another job created it a moment ago and holds it
    }
    if (Number(existing.expires_at) <= now) {
      throw new ScrapioError(
        'session_expired',
        `Session "${id}" expired after ${Math.round(this.#idleTtlMs / 3600000)} h without use; start a new session id.`,
      );
    }
    const locked = await this.#db
      .updateTable('sessions')
      .set({ locked_by: holder, locked_at: now })
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .where('locked_by', 'is', null)
      .executeTakeFirst();
    if (Number(locked.numUpdatedRows) === 0) throw busy(id);
    const state = JSON.parse(existing.state) as State | null;
    return { id, state: state ?? undefined };
  }

  /** Stores the state after the job and frees the session; only the holder can. */
  async release(tenant: string, id: string, holder: string, state: State | undefined, now: number): Promise<void> {
    await this.#db
      .updateTable('sessions')
      .set({
        ...(state === undefined ? {} : { state: JSON.stringify(state) }),
        updated_at: now,
        expires_at: now + this.#idleTtlMs,
        locked_by: null,
        locked_at: null,
      })
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .where('locked_by', '=', holder)
      .execute();
  }

  /** At start: locks held by jobs of a dead process are released (those jobs are requeued and take them again). */
  async releaseAllLocks(): Promise<number> {
    const result = await this.#db.updateTable('sessions').set({ locked_by: null, locked_at: null }).where('locked_by', 'is not', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Retention: the state of expired sessions is dropped at once; their rows after the tombstone period. */
  async pruneExpired(now: number): Promise<number> {
    await this.#db.updateTable('sessions').set({ state: 'null' }).where('expires_at', '<=', now).where('state', '!=', 'null').execute();
    const result = await this.#db
      .deleteFrom('sessions')
      .where('expires_at', '<=', now - this.#idleTtlMs * TOMBSTONE_FACTOR)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function busy(id: string): ScrapioError {
  return new ScrapioError('session_busy', `Session "${id}" is in use by another running request; wait for it to finish (one request per session at a time).`, {
    retryable: false,
  });
}
