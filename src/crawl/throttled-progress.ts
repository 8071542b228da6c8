/**
 * Passes progress on at most once per interval, and the latest figures on flush(): readers poll the job every
 * few hundred ms at best, while a fast crawl finishes a page every few ms.
 */
export class ThrottledProgress {
  readonly #report: (completed: number, total: number) => Promise<void>;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #lastReportAt = Number.NEGATIVE_INFINITY;
  #pending?: { completed: number; total: number };

  constructor(report: (completed: number, total: number) => Promise<void>, intervalMs: number, now: () => number = Date.now) {
    this.#report = report;
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  async report(completed: number, total: number): Promise<void> {
    const now = this.#now();
    if (now - this.#lastReportAt < this.#intervalMs) {
      this.#pending = { completed, total };
      return;
    }
    this.#lastReportAt = now;
    this.#pending = undefined;
    await this.#report(completed, total);
  }

  /** Writes figures held back since the last report, if any. */
  async flush(): Promise<void> {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    this.#lastReportAt = this.#now();
    await this.#report(pending.completed, pending.total);
  }
}
