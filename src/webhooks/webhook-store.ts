import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { Database, WebhookDeliveriesTable } from '../db/schema';

export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

/**
 * Writes one outbox row (a pending delivery due now), inside the caller's transaction so the event and its
 * delivery are stored together. `jobId` is the job the event is about (for a monitor change, its run's job).
 */
export async function enqueueDelivery(
  db: Kysely<Database>,
  delivery: { jobId: string; tenant: string; url: string; payload: string; now: number },
): Promise<void> {
  await db
    .insertInto('webhook_deliveries')
    .values({
      job_id: delivery.jobId,
      tenant: delivery.tenant,
      url: delivery.url,
      payload: delivery.payload,
      status: 'pending',
      attempt: 0,
      next_attempt_at: delivery.now,
      created_at: delivery.now,
    })
    .execute();
}

/** The webhook outbox: rows are written with the job's terminal status and worked off by the dispatcher. */
export class WebhookStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async due(now: number, limit: number): Promise<DeliveryRow[]> {
    return this.#db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
  }

  async markDelivered(id: number, attempt: number, now: number): Promise<void> {
    await this.#db
      .updateTable('webhook_deliveries')
      .set({ status: 'delivered', attempt, delivered_at: now, last_error: null })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  async markAttemptFailed(id: number, attempt: number, error: string, nextAttemptAt: number | null): Promise<void> {
    await this.#db
      .updateTable('webhook_deliveries')
      .set(nextAttemptAt === null ? { status: 'failed', attempt, last_error: error } : { attempt, last_error: error, next_attempt_at: nextAttemptAt })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  async forJob(jobId: string): Promise<DeliveryRow[]> {
    return this.#db.selectFrom('webhook_deliveries').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
  }

  async pruneFinished(before: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('webhook_deliveries')
      .where('status', 'in', ['delivered', 'failed'])
      .where('created_at', '<=', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
