import { EventEmitter, once } from 'node:events';
import type { FixtureHandler } from '../fixture-server';

/** A fixture route that holds every request open until releaseAll(): a page that never finishes loading. */
export class HeldRequests {
  readonly #arrived = new EventEmitter();
  readonly #held = new Set<() => void>();

  readonly route: FixtureHandler = (_req, res) => {
    this.#held.add(() => res.end('late'));
    this.#arrived.emit('request');
  };

  /** Resolves when the next request reaches the route. */
  nextRequest(): Promise<unknown> {
    return once(this.#arrived, 'request');
  }

  /** Answers every held request (for afterEach). */
  releaseAll(): void {
    for (const release of this.#held) release();
    this.#held.clear();
  }
}
