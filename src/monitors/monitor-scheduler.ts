import { systemTimers, type Timers } from '../lib/clock';
import type { Logger } from '../logger';
import type { MonitorService } from './monitor-service';

/** Between two ticks: cron expressions are checked to the second at most this late. */
const TICK_MS = 1000;

export interface MonitorSchedulerDeps {
  service: Pick<MonitorService, 'runDue' | 'reconcile'>;
  logger: Logger;
  /** The tick; tests pass a fake clock and advance it. Default: Node's timers. */
  timers?: Timers;
}

/**
 * The monitors' tick loop: finish what a previous process left (reconcile), then start every due run. The
 * schedule lives in SQLite (`next_run_at`), so this loop holds no state a restart could lose. The next tick is
 * armed only after this one ends, so ticks never overlap, and a long pause (a stopped clock, a suspended
 * machine) is followed by one tick, not by a burst.
 */
export class MonitorScheduler {
  readonly #deps: MonitorSchedulerDeps;
  readonly #timers: Timers;
  #timer?: unknown;
  #running?: Promise<void>;
  #stopped = true;

  constructor(deps: MonitorSchedulerDeps) {
    this.#deps = deps;
    this.#timers = deps.timers ?? systemTimers;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timers.clearTimeout(this.#timer);
    await this.#running;
  }

  #tick(): void {
    this.#running = (async () => {
      try {
        await this.#deps.service.reconcile();
        await this.#deps.service.runDue();
      } catch (error) {
        this.#deps.logger.error({ err: error }, 'monitor tick failed');
      }
    })().finally(() => {
      this.#running = undefined;
      if (!this.#stopped) this.#timer = this.#timers.setTimeout(() => this.#tick(), TICK_MS, { background: true });
    });
  }
}
