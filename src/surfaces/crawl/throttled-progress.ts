/**
 * Passes progress on at most once per interval: readers poll the job every few hundred ms at best, while a fast
 * crawl finishes a page every few ms. Figures held back are written when the interval is over (even if no page
 * finishes meanwhile: the crawl may be waiting on slow pages) or on flush().
 */
export class ThrottledProgress {
  readonly #report: (completed: number, total: number) => Promise<void>;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #lastReportAt = Number.NEGATIVE_INFINITY;
  #pending?: { completed: number; total: number };
  #timer?: NodeJS.Timeout;

  constructor(report: (completed: number, total: number) => Promise<void>, intervalMs: number, now: () => number = Date.now) {
    this.#report = report;
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  async report(completed: number, total: number): Promise<void> {
    const sinceLast = this.#now() - this.#lastReportAt;
    if (sinceLast < this.#intervalMs) {
      this.#pending = { completed, total };
      if (!this.#timer) {
        this.#timer = setTimeout(() => void this.flush().catch(() => undefined), this.#intervalMs - sinceLast);
        this.#timer.unref();
      }
      return;
    }
    this.#pending = { completed, total };
    await this.flush();
  }

  /** Writes figures held back since the last report, if any. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    this.#lastReportAt = this.#now();
    await this.#report(pending.completed, pending.total);
  }
}
