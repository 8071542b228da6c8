import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../lib/clock';
import type { Config } from '../config/config-schema';
import { coerceError, ScrapioError } from '../errors';
import { isoTime } from '../lib/iso-time';
import type { Logger } from '../logger';
import type { JobEvents } from '../jobs/job-events';
import { PRIORITY_ASYNC, type JobService } from '../jobs/job-service';
import type { JobStore } from '../jobs/job-store';
import { isTerminal } from '../jobs/job-state';
import { detectChange, snapshotOf, type Snapshot } from './change-detection';
import type { MonitorSpec } from './monitor-input';
import { checkSchedule, nextRunAfter } from './monitor-schedule';
import type { MonitorRow, MonitorRunRow, MonitorStore, Page } from './monitor-store';
import { settingsOf, specOf, type MonitorSettings } from './monitor-view';

/** Due monitors and unfinished runs looked at per tick. */
const BATCH = 50;

export const newMonitorId = () => `mon_${randomBytes(12).toString('base64url')}`;
const newRunId = () => `mrun_${randomBytes(12).toString('base64url')}`;
const newChangeId = () => `mchg_${randomBytes(12).toString('base64url')}`;

export interface MonitorServiceDeps {
  store: MonitorStore;
  jobs: Pick<JobService, 'submit'>;
  jobStore: Pick<JobStore, 'findById' | 'readResult'>;
  events: Pick<JobEvents, 'onChange'>;
  config: Config;
  clock: Clock;
  logger: Logger;
}

/**
 * The monitors' use cases: CRUD, a run (manual or scheduled) as an ordinary fetch job, and a run's end → compare
 * with the baseline → at most one change (with its webhook, through the outbox). Every step is a guarded
 * database write, so a crash between two steps is finished by the next process (see reconcile()).
 */
export class MonitorService {
  readonly #deps: MonitorServiceDeps;
  /** Runs whose job end this process listens for (so each run is watched once). */
  readonly #watching = new Set<string>();

  constructor(deps: MonitorServiceDeps) {
    this.#deps = deps;
  }

  /** `spec` is validated; `jobInput` is the fetch input each run submits, validated by the fetch surface. */
  async create(tenant: string, spec: MonitorSpec, jobInput: Record<string, unknown>): Promise<MonitorRow> {
    const { store, config, clock } = this.#deps;
    this.#assertSchedule(spec);
    if ((await store.count(tenant)) >= config.monitors.maxPerTenant) {
      throw new ScrapioError(
        'invalid_request',
        `This API key already has ${config.monitors.maxPerTenant} monitors (config monitors.maxPerTenant); delete one first.`,
      );
    }
    const now = clock.now();
    return store.insert({
      id: newMonitorId(),
      tenant,
      ...this.#columnsOf(spec, jobInput, now),
      baseline: null,
      baseline_run_id: null,
      created_at: now,
    });
  }

  async find(tenant: string, id: string): Promise<MonitorRow> {
    const row = await this.#deps.store.find(tenant, id);
    if (!row) throw monitorNotFound(id);
    return row;
  }

  list(tenant: string, page: Page): Promise<MonitorRow[]> {
    return this.#deps.store.list(tenant, page);
  }

  /** Replaces the spec; the schedule restarts from now (a changed cron or a resumed monitor does not catch up). */
  async update(tenant: string, id: string, spec: MonitorSpec, jobInput: Record<string, unknown>): Promise<MonitorRow> {
    this.#assertSchedule(spec);
    const current = await this.find(tenant, id);
    const columns = this.#columnsOf(spec, jobInput, this.#deps.clock.now());
    const scheduleKept = current.status === spec.status && current.cron === spec.cron && current.timezone === spec.timezone;
    // A different page or comparison starts a new baseline: the next run is compared with nothing (a first run).
    const previous = specOf(current);
    const baselineKept = previous.url === spec.url && previous.mode === spec.mode && isDeepStrictEqual(previous.extract, spec.extract);
    const row = await this.#deps.store.update(tenant, id, {
      ...columns,
      ...(scheduleKept ? { next_run_at: current.next_run_at } : {}),
      ...(baselineKept ? {} : { baseline: null, baseline_run_id: null }),
    });
    if (!row) throw monitorNotFound(id);
    return row;
  }

  async delete(tenant: string, id: string): Promise<void> {
    if (!(await this.#deps.store.delete(tenant, id))) throw monitorNotFound(id);
  }

  /** POST /v1/monitors/{id}/trigger: a run now, whatever the schedule (a manual run is never skipped). */
  async trigger(tenant: string, id: string): Promise<{ run: MonitorRunRow; jobId: string }> {
    const monitor = await this.find(tenant, id);
    const now = this.#deps.clock.now();
    const runId = newRunId();
    const run = await this.#deps.store.claimRun({
      id: runId,
      monitor_id: monitor.id,
      tenant,
      slot: `manual:${runId}`,
      trigger: 'manual',
      scheduled_for: now,
      created_at: now,
    });
    if (!run) throw new ScrapioError('internal_error', `Run ${runId} could not be recorded.`);
    // A job that cannot be submitted (a full queue) is answered as POST /v1/jobs would; the run stays recorded as failed.
    const jobId = (await this.#startRun(run, monitor, { rethrow: true })) as string;
    return { run: (await this.#deps.store.findRun(run.id)) ?? run, jobId };
  }

  runs(monitorId: string, page: Page) {
    return this.#deps.store.runs(monitorId, page);
  }

  changes(monitorId: string, page: Page) {
    return this.#deps.store.changes(monitorId, page);
  }

  /**
   * The scheduler's tick: every due monitor gets one run for its stored next time, however many times it
   * missed (the next time is computed from now, so N missed times collapse into one catch-up run).
   */
  async runDue(): Promise<number> {
    const now = this.#deps.clock.now();
    const due = await this.#deps.store.due(now, BATCH);
    let started = 0;
    for (const monitor of due) {
      const scheduledFor = Number(monitor.next_run_at);
      const runId = newRunId();
      const run = await this.#deps.store.claimRun(
        {
          id: runId,
          monitor_id: monitor.id,
          tenant: monitor.tenant,
          slot: `schedule:${scheduledFor}`,
          trigger: 'schedule',
          scheduled_for: scheduledFor,
          created_at: now,
        },
        nextRunAfter(monitor.cron, monitor.timezone, now),
      );
      if (run?.status === 'pending') {
        await this.#startRun(run, monitor);
        started += 1;
      }
    }
    return started;
  }

  /**
   * Finishes what a previous process (or a missed event) left: pending runs get their job, running ones a listener
   * for their job's end (and a check now, for a job that ended unobserved). All of them: at most one scheduled run
   * per monitor is ever unfinished, plus manual ones.
   */
  async reconcile(): Promise<void> {
    for (const run of await this.#deps.store.unfinishedRuns()) {
      if (run.status === 'pending') {
        const monitor = await this.#deps.store.findById(run.monitor_id);
        if (monitor) await this.#startRun(run, monitor);
      } else if (run.job_id) {
        this.#watch(run.id, run.job_id);
      }
    }
  }

  #assertSchedule(spec: MonitorSpec): void {
    const check = checkSchedule(spec.cron, spec.timezone, this.#deps.config.monitors.minIntervalSeconds, this.#deps.clock.now());
    if (!check.ok) throw new ScrapioError('invalid_request', `cron: ${check.message}`);
  }

  #columnsOf(spec: MonitorSpec, jobInput: Record<string, unknown>, now: number) {
    const settings: MonitorSettings = { ...(spec.extract ? { extract: spec.extract } : {}), watch: spec.watch, fetch: spec.fetch, job_input: jobInput };
    return {
      name: spec.name,
      url: spec.url,
      mode: spec.mode,
      cron: spec.cron,
      timezone: spec.timezone,
      status: spec.status,
      settings: JSON.stringify(settings),
      webhook_url: spec.webhook?.url ?? null,
      next_run_at: spec.status === 'active' ? nextRunAfter(spec.cron, spec.timezone, now) : null,
      updated_at: now,
    };
  }

  /**
   * Submits the run's fetch job. The idempotency key is the run id: a process that died after submitting but
   * before recording the job gets the same job back on the retry, never a second one.
   */
  async #startRun(run: MonitorRunRow, monitor: MonitorRow, options: { rethrow?: boolean } = {}): Promise<string | null> {
    const { jobs, store, clock } = this.#deps;
    try {
      const { job } = await jobs.submit({
        tenant: run.tenant,
        kind: 'fetch',
        input: settingsOf(monitor).job_input,
        priority: PRIORITY_ASYNC,
        idempotency: { key: `monitor-run:${run.id}`, fingerprint: run.id },
      });
      await store.attachJob(run.id, job.id);
      this.#watch(run.id, job.id);
      return job.id;
    } catch (thrown) {
      const error = coerceError(thrown);
      await store.completeRun({
        runId: run.id,
        monitorId: run.monitor_id,
        status: 'failed',
        completedAt: clock.now(),
        error: { code: error.code, message: error.message },
      });
      if (options.rethrow) throw error;
      return null;
    }
  }

  /** Compares as soon as the job ends (the tick's reconcile() is the fallback after a restart). */
  #watch(runId: string, jobId: string): void {
    if (this.#watching.has(runId)) return;
    this.#watching.add(runId);
    const stop = this.#deps.events.onChange(jobId, (change) => {
      if (!isTerminal(change.status)) return;
      stop();
      this.#watching.delete(runId);
      this.#completeIfEnded(runId, jobId).catch((error: unknown) => this.#deps.logger.error({ err: error, run_id: runId }, 'monitor run completion failed'));
    });
    // The job may have ended before the listener was attached.
    void this.#completeIfEnded(runId, jobId).catch((error: unknown) => this.#deps.logger.error({ err: error, run_id: runId }, 'monitor run completion failed'));
  }

  async #completeIfEnded(runId: string, jobId: string): Promise<void> {
    const { store, jobStore, clock } = this.#deps;
    const job = await jobStore.findById(jobId);
    const run = await store.findRun(runId);
    if (!run || (run.status !== 'running' && run.status !== 'pending')) return;
    const now = clock.now();
    if (!job) {
      await store.completeRun({
        runId,
        monitorId: run.monitor_id,
        status: 'failed',
        completedAt: now,
        error: { code: 'job_not_found', message: `Job ${jobId} no longer exists.` },
      });
      return;
    }
    if (!isTerminal(job.status)) return;
    if (job.status !== 'completed' && job.status !== 'partial') {
      const error = { code: job.error_code ?? job.status, message: job.error_message ?? `The run's job ended ${job.status}.` };
      await store.completeRun({ runId, monitorId: run.monitor_id, status: 'failed', completedAt: now, error });
      return;
    }
    const monitor = await store.findById(run.monitor_id);
    if (!monitor) return;
    const snapshot = snapshotOf(monitor.mode, await jobStore.readResult(jobId));
    if (!snapshot) {
      const error = { code: 'extraction_failed', message: `Job ${jobId} has no ${monitor.mode === 'content' ? 'markdown' : 'extracted fields'} to compare.` };
      await store.completeRun({ runId, monitorId: run.monitor_id, status: 'failed', completedAt: now, error });
      return;
    }
    const previous = monitor.baseline === null ? undefined : (JSON.parse(monitor.baseline) as Snapshot);
    const detected = detectChange(monitor, settingsOf(monitor), previous, snapshot, { previousRunId: monitor.baseline_run_id, runId });
    const changeId = newChangeId();
    const details = detected && {
      change_id: changeId,
      monitor_id: monitor.id,
      monitor_name: monitor.name,
      url: monitor.url,
      mode: monitor.mode,
      run_id: runId,
      previous_run_id: monitor.baseline_run_id,
      job_id: jobId,
      detected_at: isoTime(now),
      ...detected,
    };
    await store.completeRun({
      runId,
      monitorId: monitor.id,
      status: 'completed',
      completedAt: now,
      baseline: JSON.stringify(snapshot),
      change: details && {
        row: {
          id: changeId,
          monitor_id: monitor.id,
          tenant: monitor.tenant,
          run_id: runId,
          previous_run_id: monitor.baseline_run_id,
          details: JSON.stringify(details),
          detected_at: now,
        },
        webhook: monitor.webhook_url
          ? { url: monitor.webhook_url, jobId, payload: JSON.stringify({ type: 'monitor.change_detected', data: details }) }
          : undefined,
      },
    });
  }
}

export function monitorNotFound(id: string): ScrapioError {
  return new ScrapioError('not_found', `No monitor ${id} for this API key.`);
}
