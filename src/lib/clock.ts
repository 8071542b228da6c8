/** Time as a dependency, so retention and backoff can be tested without waiting. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Timers as a dependency: the loops that wait (job time budgets, retry wake-ups, idle ticks, webhook rounds)
 * take one, so tests drive them with a fake clock instead of sleeping. A `background` timer does not keep the
 * process alive on its own (Node's unref).
 */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number, options?: { background?: boolean }): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, delayMs, options) => {
    const timer = setTimeout(callback, delayMs);
    if (options?.background) timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};
