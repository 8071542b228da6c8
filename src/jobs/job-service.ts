import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock';
import type { Config } from '../config/config-schema';
import type { JobKind } from '../surfaces/registry';
import { ScrapioError } from '../errors';
import { expiresAt } from '../lib/ttl';
import type { JobEvents } from './job-events';
import type { JobRow, JobStore } from './job-store';
import { isTerminal } from './job-state';
import { webhookPayload } from './job-view';
import type { CreditLedger } from '../billing/credit-ledger';
import type { ForcedCreditError } from '../billing/credit-errors';
import type { TestFault } from '../testing/faults/fault-codes';
import type { JobFaults } from '../testing/faults/job-faults';
import { acceptCharge } from './job-credits';

/** Inline requests have a caller waiting on them: they are claimed before queued async jobs. */
export const PRIORITY_INLINE = 0;
export const PRIORITY_ASYNC = 10;

export interface SubmitRequest {
  tenant: string;
  kind: JobKind;
  input: unknown;
  priority: number;
  webhookUrl?: string;
  idempotency?: { key: string; fingerprint: string };
  /** A Scrapio-Test-Fault of the request (testing.faults): forced at the step that really fails that way, or carried to the job. */
  testFault?: TestFault;
}

export interface SubmitResult {
  job: JobRow;
  replayed: boolean;
}

/** `job_` + 24 URL-safe random characters (API.md §2 asks for 20 or more). */
export function newJobId(): string {
  return `job_${randomBytes(18).toString('base64url')}`;
}

/** The jobs use cases the HTTP routes need: submit (with idempotency and the queue bound), wait, cancel. */
export class JobService {
  readonly #store: JobStore;
  readonly #events: JobEvents;
  readonly #config: Config;
  readonly #clock: Clock;
  readonly #credits?: CreditLedger;
  readonly #faults?: JobFaults;
  /** Set by the worker pool: aborts a running job's signal when it is cancelled. */
  #abortRunning: (jobId: string) => void = () => {};

  constructor(deps: { store: JobStore; events: JobEvents; config: Config; clock: Clock; credits?: CreditLedger; faults?: JobFaults }) {
    this.#store = deps.store;
    this.#credits = deps.credits;
    this.#faults = deps.faults;
    this.#events = deps.events;
    this.#config = deps.config;
    this.#clock = deps.clock;
  }

  onCancelRunning(abort: (jobId: string) => void): void {
    this.#abortRunning = abort;
  }

  async submit(request: SubmitRequest): Promise<SubmitResult> {
    const now = this.#clock.now();
    const idempotency = request.idempotency && {
      tenant: request.tenant,
      key: request.idempotency.key,
      fingerprint: request.idempotency.fingerprint,
      expiresAt: expiresAt(now, this.#config.retention.resultTtlSeconds),
    };
    // A replay must still be answered when the queue is full or the credits are spent, so only a request that may
    // create a job is bounded and charged.
    const mayCreate = !idempotency || !(await this.#store.hasIdempotencyKey(idempotency.tenant, idempotency.key));
    if (mayCreate) await this.#assertQueueHasRoom(request.tenant, request.testFault?.code === 'overloaded');
    const job = {
      id: newJobId(),
      tenant: request.tenant,
      kind: request.kind,
      priority: request.priority,
      input: request.input,
      webhookUrl: request.webhookUrl,
      createdAt: now,
    };
    if (mayCreate) await this.#charge(job.id, request);
    let outcome: Awaited<ReturnType<JobStore['create']>>;
    try {
      outcome = await this.#store.create(job, idempotency);
    } catch (error) {
      await this.#credits?.refundJob(job.id);
      throw error;
    }
    if (outcome.kind !== 'created') await this.#credits?.refundJob(job.id);
    if (outcome.kind === 'conflict') {
      throw new ScrapioError(
        'idempotency_conflict',
        `Idempotency-Key "${idempotency?.key}" was already used with a different request (job ${outcome.jobId}); use a new key for a different request.`,
      );
    }
    if (outcome.kind === 'replayed') return { job: outcome.job, replayed: true };
    this.#faults?.attach(outcome.job.id, request.testFault);
    this.#events.queued();
    return { job: outcome.job, replayed: false };
  }

  /** Emulated credits: the job's price is taken now (a crawl's first page is only checked: it pays per page). */
  async #charge(jobId: string, request: SubmitRequest): Promise<void> {
    if (!this.#credits) return;
    const code = request.testFault?.code;
    const forced: ForcedCreditError | undefined = code === 'credits_exhausted' || code === 'daily_credit_cap_exceeded' ? code : undefined;
    const charge = acceptCharge(request.kind, request.input);
    if (charge.perPage) await this.#credits.assertCanSpend(request.tenant, charge.credits, forced);
    else await this.#credits.chargeJob(jobId, request.tenant, charge.credits, forced);
  }

  /** The tenant's own quota first (its message is the one that tells the caller what to do), then the global bound. */
  async #assertQueueHasRoom(tenant: string, forceFull = false): Promise<void> {
    const perTenant = perTenantQueueLimit(this.#config);
    if ((await this.#store.countQueuedFor(tenant)) >= perTenant) {
      throw new ScrapioError(
        'overloaded',
        `This API key already has ${perTenant} queued jobs (config limits.queue.maxQueuedJobsPerTenant); retry when some have started.`,
        { retryAfterSeconds: 5 },
      );
    }
    const limit = this.#config.limits.queue.maxQueuedJobs;
    // A test fault (overloaded) answers as a full queue would.
    if (forceFull || (await this.#store.countQueued()) >= limit) {
      throw new ScrapioError('overloaded', `The job queue is full (${limit} queued jobs, config limits.queue.maxQueuedJobs); retry later.`, {
        retryAfterSeconds: 5,
      });
    }
  }

  /** Waits until the job ends or `deadline` (epoch ms) passes; returns the job as it then stands. */
  async waitUntilEnded(jobId: string, deadline: number): Promise<JobRow> {
    const remaining = deadline - this.#clock.now();
    await this.#events.waitForTerminal(jobId, remaining, async () => (await this.#store.findById(jobId))?.status);
    const row = await this.#store.findById(jobId);
    if (!row) throw new ScrapioError('job_not_found', `Job ${jobId} no longer exists.`);
    return row;
  }

  async find(tenant: string, jobId: string): Promise<JobRow> {
    const row = await this.#store.find(tenant, jobId);
    if (!row) throw jobNotFound(jobId);
    return row;
  }

  /** Cancels a queued or running job; `accepted` is false when the job had already ended. */
  async cancel(tenant: string, jobId: string): Promise<{ job: JobRow; accepted: boolean }> {
    const current = await this.find(tenant, jobId);
    if (isTerminal(current.status)) return { job: current, accepted: false };
    const now = this.#clock.now();
    const resultExpiresAt = expiresAt(now, this.#config.retention.resultTtlSeconds);
    const cancelled = await this.#store.cancel(jobId, now, resultExpiresAt, (row) => webhookPayload(row, randomUUID(), now, this.#config.compat.strict));
    if (!cancelled) {
      // Lost a race with the job's own end: report where it ended.
      return { job: await this.find(tenant, jobId), accepted: false };
    }
    if (current.status === 'running') this.#abortRunning(jobId);
    // Credits are spent only on success: a cancelled job's charge goes back.
    await this.#credits?.refundJob(jobId);
    this.#faults?.release(jobId);
    this.#events.changed({ jobId, status: 'cancelled' });
    return { job: cancelled, accepted: true };
  }
}

/** limits.queue.maxQueuedJobsPerTenant, or a quarter of the global bound: it takes four busy tenants to fill the queue. */
export function perTenantQueueLimit(config: Config): number {
  const { maxQueuedJobs, maxQueuedJobsPerTenant } = config.limits.queue;
  return maxQueuedJobsPerTenant ?? Math.max(1, Math.floor(maxQueuedJobs / 4));
}

export function jobNotFound(jobId: string): ScrapioError {
  return new ScrapioError('job_not_found', `No job ${jobId} for this API key (unknown id, another key's job, or expired after the result TTL).`);
}
