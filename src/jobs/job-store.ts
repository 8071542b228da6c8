import { sql, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../db/database';
import type { Database, JobsTable } from '../db/schema';
import type { JobKind } from '../surfaces/registry';
import { allowedSources, type JobStatus, type TerminalStatus } from './job-state';

export type JobRow = Selectable<JobsTable>;

export interface NewJob {
  id: string;
  tenant: string;
  kind: JobKind;
  priority: number;
  input: unknown;
  webhookUrl?: string;
  createdAt: number;
}

export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
  expiresAt: number;
}

export type CreateOutcome = { kind: 'created'; job: JobRow } | { kind: 'replayed'; job: JobRow } | { kind: 'conflict'; jobId: string };

export interface JobError {
  code: string;
  message: string;
  diagnostics?: unknown;
}

export interface TerminalUpdate {
  status: TerminalStatus;
  completedAt: number;
  resultExpiresAt: number;
  /** Stored in job_results when present (completed, partial, and cancelled crawls with pages). */
  resultBody?: unknown;
  error?: JobError;
  /** Builds the webhook outbox row from the updated job, written in the same transaction as the status change. */
  webhookPayload?: (row: JobRow) => string;
}

export interface ListFilter {
  status?: JobStatus;
  kind?: JobKind;
  limit: number;
  /** Jobs strictly older than this (created_at, id) position. */
  before?: { createdAt: number; id: string };
}

/** Every SQL statement about jobs, results and idempotency records. Status changes are guarded UPDATEs. */
export class JobStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async countQueued(): Promise<number> {
    const row = await this.#db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** One tenant's queued jobs, for the per-tenant quota (limits.queue.maxQueuedJobsPerTenant). */
  async countQueuedFor(tenant: string): Promise<number> {
    const row = await this.#db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('tenant', '=', tenant)
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /**
   * Creates a job, honouring an idempotency key when given. The key row is inserted first with
   * ON CONFLICT DO NOTHING: of two concurrent first requests, the database lets exactly one insert it,
   * and the other reads the winner's row.
   */
  async create(job: NewJob, idempotency?: IdempotencyClaim & { tenant: string }): Promise<CreateOutcome> {
    return this.#db.transaction().execute(async (trx) => {
      if (idempotency) {
        const inserted = await trx
          .insertInto('idempotency_keys')
          .values({
            tenant: idempotency.tenant,
            key: idempotency.key,
            fingerprint: idempotency.fingerprint,
            job_id: job.id,
            created_at: job.createdAt,
            expires_at: idempotency.expiresAt,
          })
          .onConflict((oc) => oc.columns(['tenant', 'key']).doNothing())
          .returning('job_id')
          .executeTakeFirst();
        if (!inserted) return this.#resolveExistingKey(trx, idempotency);
      }
      const row = await trx.insertInto('jobs').values(toRow(job)).returningAll().executeTakeFirstOrThrow();
      // A tenant's first job gives it a place in the claim round-robin (a turn of 0: it goes before anyone who had one).
      await trx
        .insertInto('tenant_turns')
        .values({ tenant: job.tenant, last_claim: 0 })
        .onConflict((oc) => oc.column('tenant').doNothing())
        .execute();
      return { kind: 'created', job: row } as const;
    });
  }

  async hasIdempotencyKey(tenant: string, key: string): Promise<boolean> {
    const row = await this.#db.selectFrom('idempotency_keys').select('job_id').where('tenant', '=', tenant).where('key', '=', key).executeTakeFirst();
    return row !== undefined;
  }

  async #resolveExistingKey(trx: Transaction<Database>, claim: IdempotencyClaim & { tenant: string }): Promise<CreateOutcome> {
    const existing = await trx
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('tenant', '=', claim.tenant)
      .where('key', '=', claim.key)
      .executeTakeFirstOrThrow();
    if (existing.fingerprint !== claim.fingerprint) return { kind: 'conflict', jobId: existing.job_id };
    const job = await trx.selectFrom('jobs').selectAll().where('id', '=', existing.job_id).executeTakeFirst();
    // The job row can be pruned before its key (status rows and keys have separate lifetimes): treat as conflict-free miss.
    if (!job) return { kind: 'conflict', jobId: existing.job_id };
    return { kind: 'replayed', job };
  }

  async find(tenant: string, id: string): Promise<JobRow | undefined> {
    return this.#db.selectFrom('jobs').selectAll().where('id', '=', id).where('tenant', '=', tenant).executeTakeFirst();
  }

  async findById(id: string): Promise<JobRow | undefined> {
    return this.#db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(tenant: string, filter: ListFilter): Promise<JobRow[]> {
    let query = this.#db.selectFrom('jobs').selectAll().where('tenant', '=', tenant);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    const before = filter.before;
    if (before) {
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]),
      );
    }
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  }

  /**
   * Claims the next runnable job: inline priority first, then round-robin across tenants (the tenant whose
   * last claim is oldest, or who never had one), then the tenant's oldest job. One tenant's thousand queued
   * jobs thus take turns with another tenant's one instead of going first. The claim itself is one guarded
   * UPDATE (the subquery picks, the status guard makes a concurrent claimer lose cleanly); the tenant's turn
   * is recorded in the same transaction.
   *
   * The pick looks at one candidate per tenant (its best job, an index seek on jobs_tenant_claim), not at
   * every queued job: better-sqlite3 runs on the event loop, and sorting a full queue on every claim would
   * stall it. Every tenant with a job has a tenant_turns row (written by create()), so none is missed.
   */
  async claimNext(owner: string, now: number): Promise<JobRow | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('jobs')
        .set((eb) => ({
          status: 'running',
          locked_by: owner,
          locked_at: now,
          started_at: eb.fn.coalesce('started_at', eb.val(now)),
          attempt: eb('attempt', '+', 1),
        }))
        .where('id', '=', (eb) =>
          eb
            .selectFrom(
              eb
                .selectFrom('tenant_turns as turn')
                .select((candidate) => [
                  'turn.last_claim',
                  candidate
                    .selectFrom('jobs as best')
                    .select('best.id')
                    .whereRef('best.tenant', '=', 'turn.tenant')
                    .where('best.status', '=', 'queued')
                    .where('best.run_at', '<=', now)
                    .orderBy('best.priority')
                    .orderBy('best.created_at')
                    .orderBy('best.id')
                    .limit(1)
                    .as('job_id'),
                ])
                .as('candidate'),
            )
            .innerJoin('jobs as queued', 'queued.id', 'candidate.job_id')
            .select('queued.id')
            .orderBy('queued.priority')
            .orderBy('candidate.last_claim')
            .orderBy('queued.created_at')
            .orderBy('queued.id')
            .limit(1),
        )
        .where('status', 'in', allowedSources('running'))
        .returningAll()
        .executeTakeFirst();
      if (claimed) await takeTurn(trx, claimed.tenant);
      return claimed;
    });
  }

  /** The earliest run_at among queued jobs, to sleep exactly until a backed-off retry is due. */
  async nextRunAt(): Promise<number | undefined> {
    const row = await this.#db
      .selectFrom('jobs')
      .select((eb) => eb.fn.min('run_at').as('next'))
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return row?.next == null ? undefined : Number(row.next);
  }

  async finish(id: string, update: TerminalUpdate): Promise<JobRow | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('jobs')
        .set({
          status: update.status,
          completed_at: update.completedAt,
          result_expires_at: update.resultExpiresAt,
          locked_by: null,
          locked_at: null,
          error_code: update.error?.code ?? null,
          error_message: update.error?.message ?? null,
          error_diagnostics: update.error?.diagnostics === undefined ? null : JSON.stringify(update.error.diagnostics),
        })
        .where('id', '=', id)
        .where('status', 'in', allowedSources(update.status))
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      if (update.resultBody !== undefined) {
        await trx
          .insertInto('job_results')
          .values({ job_id: id, body: JSON.stringify(update.resultBody), expires_at: update.resultExpiresAt })
          .onConflict((oc) => oc.column('job_id').doUpdateSet({ body: (eb) => eb.ref('excluded.body'), expires_at: (eb) => eb.ref('excluded.expires_at') }))
          .execute();
      }
      if (row.webhook_url && update.webhookPayload) await enqueueWebhook(trx, row, update.webhookPayload(row), update.completedAt);
      return row;
    });
  }

  /**
   * Stores the partial result of a job that was cancelled while running (a crawl keeps the pages it has).
   * Only a cancelled job with no stored result is touched.
   */
  async storeCancelledResult(id: string, body: unknown, expiresAt: number): Promise<void> {
    const job = await this.findById(id);
    if (job?.status !== 'cancelled') return;
    await this.#db
      .insertInto('job_results')
      .values({ job_id: id, body: JSON.stringify(body), expires_at: expiresAt })
      .onConflict((oc) => oc.column('job_id').doNothing())
      .execute();
  }

  /** Back to the queue (retry with backoff, or requeue at shutdown). Guarded: only a running job moves. */
  async requeue(id: string, runAt: number, error?: JobError): Promise<boolean> {
    const result = await this.#db
      .updateTable('jobs')
      .set({ status: 'queued', run_at: runAt, locked_by: null, locked_at: null, error_code: error?.code ?? null, error_message: error?.message ?? null })
      .where('id', '=', id)
      .where('status', 'in', allowedSources('queued'))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Crash recovery at start: every claim left running by a previous process goes back to the queue. */
  async requeueAllRunning(now: number): Promise<number> {
    const result = await this.#db
      .updateTable('jobs')
      .set({ status: 'queued', run_at: now, locked_by: null, locked_at: null })
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async cancel(id: string, now: number, resultExpiresAt: number, webhookPayload?: (row: JobRow) => string): Promise<JobRow | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('jobs')
        .set({ status: 'cancelled', completed_at: now, result_expires_at: resultExpiresAt, locked_by: null, locked_at: null })
        .where('id', '=', id)
        .where('status', 'in', allowedSources('cancelled'))
        .returningAll()
        .executeTakeFirst();
      if (row?.webhook_url && webhookPayload) await enqueueWebhook(trx, row, webhookPayload(row), now);
      return row;
    });
  }

  async setProgress(id: string, completed: number, total: number): Promise<void> {
    await this.#db.updateTable('jobs').set({ progress_completed: completed, progress_total: total }).where('id', '=', id).execute();
  }

  async readResult(id: string): Promise<unknown | undefined> {
    const row = await this.#db.selectFrom('job_results').select('body').where('job_id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.body) as unknown) : undefined;
  }

  /** Retention: results and idempotency records past their TTL, and status rows past theirs. */
  async pruneExpired(now: number, jobRowsBefore: number): Promise<{ results: number; keys: number; jobs: number }> {
    return this.#db.transaction().execute(async (trx) => {
      const results = await trx.deleteFrom('job_results').where('expires_at', '<=', now).executeTakeFirst();
      const keys = await trx.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
      const jobs = await trx
        .deleteFrom('jobs')
        .where('completed_at', '<=', jobRowsBefore)
        .where('status', 'in', ['completed', 'partial', 'failed', 'cancelled'])
        .executeTakeFirst();
      return { results: Number(results.numDeletedRows), keys: Number(keys.numDeletedRows), jobs: Number(jobs.numDeletedRows) };
    });
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.#db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }
}

/** Records that `tenant` just had a job claimed: it goes to the back of the round-robin. */
async function takeTurn(trx: Transaction<Database>, tenant: string): Promise<void> {
  await trx
    .insertInto('tenant_turns')
    .values((eb) => ({
      tenant,
      last_claim: eb.selectFrom('tenant_turns').select(sql<number>`coalesce(max(last_claim), 0) + 1`.as('next')),
    }))
    .onConflict((oc) => oc.column('tenant').doUpdateSet({ last_claim: (eb) => eb.ref('excluded.last_claim') }))
    .execute();
}

/** The outbox row of a finished job's webhook; the dispatcher delivers it (and retries) later. */
async function enqueueWebhook(trx: Transaction<Database>, row: JobRow, payload: string, now: number): Promise<void> {
  await trx
    .insertInto('webhook_deliveries')
    .values({
      job_id: row.id,
      tenant: row.tenant,
      url: row.webhook_url as string,
      payload,
      status: 'pending',
      attempt: 0,
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
}

function toRow(job: NewJob) {
  return {
    id: job.id,
    tenant: job.tenant,
    kind: job.kind,
    status: 'queued',
    priority: job.priority,
    input: JSON.stringify(job.input),
    webhook_url: job.webhookUrl ?? null,
    created_at: job.createdAt,
    run_at: job.createdAt,
    attempt: 0,
  };
}
