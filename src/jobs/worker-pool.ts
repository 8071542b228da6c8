import { randomUUID } from 'node:crypto';
import { systemTimers, type Clock, type Timers } from '../lib/clock';
import type { Config } from '../config/config-schema';
import { coerceError, ScrapioError } from '../errors';
import type { Logger } from '../logger';
import type { JobRecorder } from '../telemetry/metrics';
import { expiresAt } from '../lib/ttl';
import { jobSurfaces, type SurfaceServices } from '../surfaces/registry';
import type { Surface } from '../surfaces/surface';
import type { JobEvents } from './job-events';
import { retryDecision } from './retry-policy';
import type { JobRow, JobStore } from './job-store';
import { webhookPayload } from './job-view';
import type { CreditLedger } from '../billing/credit-ledger';
import { faultedTimeoutMs, runWithFault, type JobFaults } from '../testing/faults/job-faults';

export interface WorkerPoolDeps {
  store: JobStore;
  events: JobEvents;
  services: SurfaceServices;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Job time budgets, retry wake-ups and the idle tick; tests pass a fake clock. Default: Node's timers. */
  timers?: Timers;
  /** The surface that runs each job kind; tests pass fakes. Default: the registry's jobSurfaces. */
  surfaces?: Readonly<Record<string, Surface>>;
  /** Each attempt's run time by kind and outcome (none recorded when absent). */
  metrics?: JobRecorder;
  /** Emulated credits: a job's charge stands when it succeeds and goes back when it fails. */
  credits?: Pick<CreditLedger, 'settleJob' | 'refundJob'>;
  /** Test faults (testing.faults) that jobs act out. */
  faults?: JobFaults;
}

/** Why a running job's signal fired: each reason ends the job differently. */
type AbortCause = 'timeout' | 'cancelled' | 'shutdown';

interface RunningJob {
  controller: AbortController;
  cause?: AbortCause;
  done: Promise<void>;
}

/** A safety net in case a wake-up is missed; claims are cheap indexed queries. */
const IDLE_TICK_MS = 1000;

/**
 * The bounded in-process worker pool: claims queued jobs atomically, runs each with its surface under an
 * AbortSignal (timeout_ms, cancel, shutdown), and records the outcome with a guarded UPDATE.
 */
export class WorkerPool {
  readonly #owner = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  readonly #running = new Map<string, RunningJob>();
  readonly #deps: WorkerPoolDeps;
  readonly #timers: Timers;
  readonly #surfaces: Readonly<Record<string, Surface>>;
  #accepting = false;
  #pumping = false;
  #pumpAgain = false;
  #tick?: unknown;
  #unsubscribe?: () => void;

  constructor(deps: WorkerPoolDeps) {
    this.#deps = deps;
    this.#timers = deps.timers ?? systemTimers;
    this.#surfaces = deps.surfaces ?? jobSurfaces;
  }

  get size(): number {
    return this.#deps.config.workers.concurrency;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  start(): void {
    if (this.#accepting) return;
    this.#accepting = true;
    this.#unsubscribe = this.#deps.events.onQueued(() => this.#pump());
    this.#scheduleIdleTick();
    this.#pump();
  }

  #scheduleIdleTick(): void {
    this.#tick = this.#timers.setTimeout(
      () => {
        if (!this.#accepting) return;
        this.#scheduleIdleTick();
        this.#pump();
      },
      IDLE_TICK_MS,
      { background: true },
    );
  }

  /** Fires the signal of a running job that was just cancelled through the API. */
  abort(jobId: string): void {
    const running = this.#running.get(jobId);
    if (running && !running.cause) {
      running.cause = 'cancelled';
      running.controller.abort(new ScrapioError('cancelled', `Job ${jobId} was cancelled.`));
    }
  }

  /**
   * Stops claiming, lets running jobs finish within `graceMs`, then aborts the rest, which go back to the
   * queue (a restart runs them again). Idempotent.
   */
  async stop(graceMs: number): Promise<void> {
    this.#accepting = false;
    this.#unsubscribe?.();
    this.#timers.clearTimeout(this.#tick);
    const all = () => Promise.all([...this.#running.values()].map((job) => job.done));
    let graceTimer: unknown;
    const graceOver = new Promise<'grace-over'>((resolve) => {
      graceTimer = this.#timers.setTimeout(() => resolve('grace-over'), graceMs);
    });
    const outcome = await Promise.race([all().then(() => 'drained' as const), graceOver]);
    this.#timers.clearTimeout(graceTimer);
    if (outcome === 'grace-over') {
      for (const [jobId, job] of this.#running) {
        if (job.cause) continue;
        job.cause = 'shutdown';
        job.controller.abort(new ScrapioError('internal_error', `Job ${jobId} was interrupted by a server shutdown; it will run again.`, { retryable: true }));
      }
      await all();
    }
  }

  #pump(): void {
    if (!this.#accepting) return;
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    this.#fill()
      .catch((error: unknown) => this.#deps.logger.error({ err: error }, 'claiming jobs failed'))
      .finally(() => {
        this.#pumping = false;
        if (this.#pumpAgain) {
          this.#pumpAgain = false;
          this.#pump();
        }
      });
  }

  async #fill(): Promise<void> {
    const { store, clock } = this.#deps;
    while (this.#accepting && this.#running.size < this.size) {
      const row = await store.claimNext(this.#owner, clock.now());
      if (!row) return;
      this.#startJob(row);
    }
  }

  #startJob(row: JobRow): void {
    const controller = new AbortController();
    const running: RunningJob = { controller, done: Promise.resolve() };
    this.#running.set(row.id, running);
    this.#deps.events.changed({ jobId: row.id, status: 'running' });
    running.done = this.#execute(row, running)
      .catch((error: unknown) => this.#deps.logger.error({ err: error, job_id: row.id }, 'recording a job outcome failed'))
      .finally(() => {
        this.#running.delete(row.id);
        this.#pump();
      });
  }

  async #execute(row: JobRow, running: RunningJob): Promise<void> {
    const { store, services, config, clock } = this.#deps;
    const logger = this.#deps.logger.child({ job_id: row.id, kind: row.kind });
    const surface: Surface<{ timeout_ms?: number }, SurfaceServices> | undefined = Object.prototype.hasOwnProperty.call(this.#surfaces, row.kind)
      ? this.#surfaces[row.kind]
      : undefined;
    if (!surface) {
      await this.#fail(row, new ScrapioError('invalid_request', `Unknown job kind "${row.kind}".`));
      return;
    }
    const input = JSON.parse(row.input) as { timeout_ms?: number; url?: string; seeds?: string[] };
    const fault = this.#deps.faults?.forJob(row.id);
    const timeoutMs = faultedTimeoutMs(fault, input.timeout_ms ?? surface.defaultTimeoutMs(config));
    const timer = this.#timers.setTimeout(() => {
      if (running.cause) return;
      running.cause = 'timeout';
      running.controller.abort(new ScrapioError('timeout', `The job exceeded its time budget of ${timeoutMs} ms (timeout_ms).`, { timedOut: true }));
    }, timeoutMs);
    const startedAt = clock.now();
    const startedAtNs = process.hrtime.bigint();
    // How this attempt ended, for the job duration metric: a terminal status, or retried / requeued.
    let outcome = 'failed';
    try {
      const target = input.url ?? input.seeds?.[0] ?? 'the target';
      const result = await runWithFault(fault, target, running.controller.signal, () =>
        surface.run(input, {
          jobId: row.id,
          tenant: row.tenant,
          attempt: row.attempt,
          signal: running.controller.signal,
          services,
          logger,
          setProgress: (completed, total) => store.setProgress(row.id, completed, total),
          publish: (event, data) => this.#deps.events.publish(row.id, event, data),
        }),
      );
      if (running.cause === 'cancelled') {
        outcome = 'cancelled';
        // A surface that keeps what it had (a crawl's pages) returns it even when cancelled.
        await store.storeCancelledResult(row.id, result.body, this.#expiresAt(clock.now()));
        return;
      }
      if (running.cause === 'shutdown') {
        outcome = 'requeued';
        // A surface that stops early on abort (a crawl) must not be recorded as ended: it resumes after restart.
        await store.requeue(row.id, clock.now());
        return;
      }
      outcome = result.status;
      const now = clock.now();
      const ended = await store.finish(row.id, {
        status: result.status,
        completedAt: now,
        resultExpiresAt: this.#expiresAt(now),
        resultBody: result.body,
        webhookPayload: (updated) => webhookPayload(updated, randomUUID(), now, this.#deps.config.compat.strict),
      });
      if (ended) this.#deps.events.changed({ jobId: row.id, status: ended.status });
      await this.#deps.credits?.settleJob(row.id);
      logger.info({ status: result.status, duration_ms: now - startedAt }, 'job ended');
    } catch (thrown) {
      const reason = running.controller.signal.aborted ? running.controller.signal.reason : thrown;
      const error = coerceError(reason);
      if (running.cause === 'cancelled') {
        outcome = 'cancelled';
        return; // already recorded by the cancel request
      }
      if (running.cause === 'shutdown') {
        outcome = 'requeued';
        await store.requeue(row.id, clock.now());
        logger.info('job requeued at shutdown');
        return;
      }
      // A faulted job would fail the same way again: it is not retried.
      const retry = fault ? ({ retry: false } as const) : retryDecision(error, row.attempt, config.workers.maxAttempts);
      if (retry.retry) {
        outcome = 'retried';
        const delay = retry.delayMs;
        await store.requeue(row.id, clock.now() + delay, { code: error.code, message: error.message });
        logger.warn({ err_code: error.code, attempt: row.attempt, retry_in_ms: delay }, 'job attempt failed; retrying');
        this.#timers.setTimeout(() => this.#pump(), delay + 5, { background: true });
        this.#deps.events.changed({ jobId: row.id, status: 'queued' });
        return;
      }
      if (error.code === 'internal_error') logger.error({ err: thrown }, 'job failed with an unexpected error');
      await this.#fail(row, error);
    } finally {
      this.#timers.clearTimeout(timer);
      if (outcome !== 'retried' && outcome !== 'requeued') this.#deps.faults?.release(row.id);
      this.#deps.metrics?.observeJob(row.kind, outcome, Number(process.hrtime.bigint() - startedAtNs) / 1e9);
    }
  }

  async #fail(row: JobRow, error: ScrapioError): Promise<void> {
    const { store, clock } = this.#deps;
    const now = clock.now();
    const ended = await store.finish(row.id, {
      status: 'failed',
      completedAt: now,
      resultExpiresAt: this.#expiresAt(now),
      error: { code: error.code, message: error.message, diagnostics: error.diagnostics() },
      webhookPayload: (updated) => webhookPayload(updated, randomUUID(), now, this.#deps.config.compat.strict),
    });
    if (ended) this.#deps.events.changed({ jobId: row.id, status: 'failed' });
    // Credits are spent only on success.
    await this.#deps.credits?.refundJob(row.id);
  }

  #expiresAt(now: number): number {
    return expiresAt(now, this.#deps.config.retention.resultTtlSeconds);
  }
}
