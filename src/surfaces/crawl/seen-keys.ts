/**
 * URLs this crawl run has already enqueued, so the hot path does not send every link of every page to
 * SQLite only to have the unique index reject it. Bounded: past `capacity` it starts over, and the
 * database's unique (job_id, dedupe_key) index stays the source of truth for deduplication.
 */
export class SeenKeys {
  readonly #capacity: number;
  #keys = new Set<string>();

  constructor(capacity = 200_000) {
    this.#capacity = capacity;
  }

  /** True when the key was not seen yet (and records it). */
  addIfNew(key: string): boolean {
    if (this.#keys.has(key)) return false;
    if (this.#keys.size >= this.#capacity) this.#keys = new Set();
    this.#keys.add(key);
    return true;
  }
}
