/**
 * Waiting items of several owners (tenants), taken round-robin: each take serves the next owner in turn, so one
 * owner's long backlog delays another's single item by at most one item per owner ahead of it.
 */
export class FairQueue<T> {
  readonly #queues = new Map<string, T[]>();
  /** Owners with waiting items, the next to be served first. */
  #turns: string[] = [];

  get size(): number {
    let size = 0;
    for (const queue of this.#queues.values()) size += queue.length;
    return size;
  }

  push(owner: string, item: T): void {
    const queue = this.#queues.get(owner);
    if (queue) queue.push(item);
    else {
      this.#queues.set(owner, [item]);
      this.#turns.push(owner);
    }
  }

  /** The oldest item of the first owner in turn that `eligible` accepts; that owner then goes to the back. */
  take(eligible: (owner: string) => boolean = () => true): T | undefined {
    const index = this.#turns.findIndex(eligible);
    if (index < 0) return undefined;
    const owner = this.#turns[index];
    const queue = this.#queues.get(owner) as T[];
    const item = queue.shift() as T;
    this.#turns.splice(index, 1);
    if (queue.length > 0) this.#turns.push(owner);
    else this.#queues.delete(owner);
    return item;
  }

  /** Removes a waiting item (a cancelled job's); false when it is not waiting (any more). */
  remove(owner: string, item: T): boolean {
    const queue = this.#queues.get(owner);
    const index = queue?.indexOf(item) ?? -1;
    if (!queue || index < 0) return false;
    queue.splice(index, 1);
    if (queue.length === 0) {
      this.#queues.delete(owner);
      this.#turns = this.#turns.filter((turn) => turn !== owner);
    }
    return true;
  }

  /** Empties the queue, handing back what waited. */
  drain(): T[] {
    const items = [...this.#queues.values()].flat();
    this.#queues.clear();
    this.#turns = [];
    return items;
  }
}
