import { coerceError } from '../../errors';

/** FIFO counting semaphore: `browser.maxPages` pages at once, waiters leave the queue when their job aborts. */
export class BrowserSemaphore {
  readonly #permits: number;
  #inUse = 0;
  readonly #waiters: Array<{ grant: () => void; fail: (error: unknown) => void }> = [];

  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`permits must be a positive integer, got ${permits}`);
    this.#permits = permits;
  }

  get inUse(): number {
    return this.#inUse;
  }

  /** Resolves with the release function; call it exactly once. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(coerceError(signal.reason));
    if (this.#inUse < this.#permits) {
      this.#inUse += 1;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.#releaser());
        },
        fail: (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = (): void => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(coerceError(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Rejects every waiter (pool shutdown); permits already granted stay granted. */
  failWaiters(error: unknown): void {
    for (const waiter of this.#waiters.splice(0)) waiter.fail(error);
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      // Hand the permit straight to the next waiter so a newcomer cannot overtake the queue.
      if (next) next.grant();
      else this.#inUse -= 1;
    };
  }
}
