import type { Logger } from '../logger';
import type { IndexEntry, LocalIndex } from './local-index';

export interface IndexBatchOptions {
  /** Pages written per transaction at most. */
  maxPages?: number;
  /** A page waits at most this long before it is written. */
  maxDelayMs?: number;
}

/**
 * Collects the pages of one crawl for the local search index and writes them in batches (LocalIndex.indexMany):
 * one FTS5 commit per page cost the crawl's main thread more than the rest of its database writes together.
 * A page becomes searchable at most `maxDelayMs` after it was fetched, and all of them once flush() is done.
 * Indexing is a by-product of the crawl: a failed write is logged, never fails a page; and a crash (kill -9)
 * loses the pages still pending, which the resumed crawl does not fetch again (their results are kept).
 */
export class IndexBatch {
  readonly #index: LocalIndex;
  readonly #tenant: string;
  readonly #logger: Logger;
  readonly #maxPages: number;
  readonly #maxDelayMs: number;
  #pending: IndexEntry[] = [];
  #timer?: NodeJS.Timeout;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(index: LocalIndex, tenant: string, logger: Logger, options: IndexBatchOptions = {}) {
    this.#index = index;
    this.#tenant = tenant;
    this.#logger = logger;
    this.#maxPages = options.maxPages ?? 50;
    this.#maxDelayMs = options.maxDelayMs ?? 1_000;
  }

  add(entry: IndexEntry): void {
    this.#pending.push(entry);
    // After close() (a page still in flight when the crawl loop failed) nothing would flush it later.
    if (this.#closed || this.#pending.length >= this.#maxPages) void this.#write();
    else this.#timer ??= setTimeout(() => void this.#write(), this.#maxDelayMs);
  }

  /** Writes what is pending and waits for every write started so far. */
  async flush(): Promise<void> {
    await this.#write();
  }

  /** flush(), and from now on every page is written as it comes (no timer is left behind). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #write(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    // One write at a time, in order: a URL indexed twice keeps its later copy.
    this.#writing = this.#writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.#index.indexMany(this.#tenant, batch);
      } catch (error) {
        this.#logger.warn({ err: error, pages: batch.length }, 'writing crawled pages to the local search index failed');
      }
    });
    return this.#writing;
  }
}
