import { systemTimers, type Clock, type Timers } from '../../lib/clock';

/**
 * Per-host politeness: at most `perHostConcurrency` requests in flight to one host, request starts spaced
 * by the larger of `perHostDelayMs` and the host's robots Crawl-delay, and a pause after a 429/503.
 * Waiters are served first come, first served. One scheduler can serve every crawl job of the process, so
 * that two jobs on the same site share its limits.
 *
 * Time comes from an injected clock so tests advance it instead of sleeping.
 */

export interface SchedulerClock extends Clock, Timers {}

const systemSchedulerClock: SchedulerClock = {
  now: () => Date.now(),
  ...systemTimers,
};

export interface HostSchedulerOptions {
  perHostConcurrency: number;
  perHostDelayMs: number;
  /** Longest pause a Retry-After can impose (default 60 s), so one host cannot park a crawl job for hours. */
  maxPenaltyMs?: number;
  /** Pause after a 429/503 without a usable Retry-After (default 5 s). */
  defaultPenaltyMs?: number;
  clock?: SchedulerClock;
}

export interface AcquireOptions {
  signal?: AbortSignal;
  /** The host's robots Crawl-delay in ms; the spacing used is the larger of this and perHostDelayMs. */
  crawlDelayMs?: number;
}

/** Ends the slot; calling it more than once has no further effect. */
export type Release = () => void;

interface Waiter {
  delayMs: number;
  grant: (release: Release) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface HostState {
  active: number;
  waiters: Waiter[];
  lastStartAt: number;
  /** The spacing that applied to the last start: the next start may not come sooner than lastStartAt + this. */
  lastDelayMs: number;
  pausedUntil: number;
  timer?: unknown;
}

/** Idle host states are swept once the map grows past this, so a long-lived scheduler stays bounded. */
const SWEEP_MIN_SIZE = 1024;

export class HostScheduler {
  readonly #concurrency: number;
  readonly #delayMs: number;
  readonly #maxPenaltyMs: number;
  readonly #defaultPenaltyMs: number;
  readonly #clock: SchedulerClock;
  readonly #hosts = new Map<string, HostState>();
  #sweepAtSize = SWEEP_MIN_SIZE;

  constructor(options: HostSchedulerOptions) {
    if (!Number.isInteger(options.perHostConcurrency) || options.perHostConcurrency < 1) {
      throw new RangeError('perHostConcurrency must be a positive integer');
    }
    this.#concurrency = options.perHostConcurrency;
    this.#delayMs = Math.max(0, options.perHostDelayMs);
    this.#maxPenaltyMs = options.maxPenaltyMs ?? 60_000;
    this.#defaultPenaltyMs = options.defaultPenaltyMs ?? 5_000;
    this.#clock = options.clock ?? systemSchedulerClock;
  }

  /** Resolves with a release function once a request to `host` may start; rejects with the signal's reason. */
  acquire(host: string, options: AcquireOptions = {}): Promise<Release> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const state = this.#state(host);
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { delayMs: Math.max(this.#delayMs, options.crawlDelayMs ?? 0), grant: resolve, signal };
      if (signal !== undefined) {
        waiter.onAbort = () => {
          const index = state.waiters.indexOf(waiter);
          if (index !== -1) state.waiters.splice(index, 1);
          this.#pump(host, state);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      state.waiters.push(waiter);
      this.#pump(host, state);
    });
  }

  /** Pauses new requests to `host` after a 429/503: Retry-After in ms (capped), or the default pause. */
  penalize(host: string, retryAfterMs?: number): void {
    const state = this.#state(host);
    const pauseMs = Math.min(Math.max(0, retryAfterMs ?? this.#defaultPenaltyMs), this.#maxPenaltyMs);
    state.pausedUntil = Math.max(state.pausedUntil, this.#clock.now() + pauseMs);
    this.#pump(host, state);
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host);
    if (state === undefined) {
      this.#sweep();
      state = { active: 0, waiters: [], lastStartAt: Number.NEGATIVE_INFINITY, lastDelayMs: 0, pausedUntil: 0 };
      this.#hosts.set(host, state);
    }
    return state;
  }

  /** Starts every waiter that may start now, and arms one timer for the next one that is only held by time. */
  #pump(host: string, state: HostState): void {
    if (state.timer !== undefined) {
      this.#clock.clearTimeout(state.timer);
      state.timer = undefined;
    }
    while (state.waiters.length > 0 && state.active < this.#concurrency) {
      const waiter = state.waiters[0];
      const now = this.#clock.now();
      const readyAt = Math.max(state.lastStartAt + waiter.delayMs, state.pausedUntil);
      if (readyAt > now) {
        state.timer = this.#clock.setTimeout(() => {
          state.timer = undefined;
          this.#pump(host, state);
        }, readyAt - now);
        return;
      }
      state.waiters.shift();
      if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      state.active++;
      state.lastStartAt = now;
      state.lastDelayMs = waiter.delayMs;
      waiter.grant(this.#releaser(host, state));
    }
    if (this.#isIdle(state, this.#clock.now())) this.#hosts.delete(host);
  }

  #releaser(host: string, state: HostState): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.active--;
      this.#pump(host, state);
    };
  }

  /** A state can be forgotten once nothing waits, nothing runs and neither the spacing nor a pause still binds. */
  #isIdle(state: HostState, now: number): boolean {
    return state.active === 0 && state.waiters.length === 0 && now >= state.lastStartAt + state.lastDelayMs && now >= state.pausedUntil;
  }

  #sweep(): void {
    if (this.#hosts.size < this.#sweepAtSize) return;
    const now = this.#clock.now();
    for (const [host, state] of this.#hosts) if (this.#isIdle(state, now)) this.#hosts.delete(host);
    this.#sweepAtSize = Math.max(SWEEP_MIN_SIZE, this.#hosts.size * 2);
  }
}
