import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Cooperative multitasking for long loops on the main thread (filtering thousands of links, parsing a large
 * sitemap): call `yieldIfDue()` once per step and, after `sliceMs` of uninterrupted work, it waits one event
 * loop turn so HTTP requests, timers and other jobs run in between. Cheap when not due (no timer, no I/O).
 */
export class TimeSlice {
  readonly #sliceMs: number;
  #since = performance.now();

  constructor(sliceMs = 10) {
    this.#sliceMs = sliceMs;
  }

  /** True when it did yield: the moment to check for cancellation, since anything may have happened meanwhile. */
  async yieldIfDue(): Promise<boolean> {
    if (performance.now() - this.#since < this.#sliceMs) return false;
    await nextTurn();
    this.#since = performance.now();
    return true;
  }
}
