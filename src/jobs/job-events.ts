import { EventEmitter } from 'node:events';
import { isTerminal } from './job-state';

export interface JobChange {
  jobId: string;
  status: string;
}

/**
 * In-process notifications: a job was queued (wake the worker pool) or changed status (wake inline
 * waiters and SSE streams). The database stays the source of truth; events only say "look again".
 */
export class JobEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every inline request and SSE stream listens for a while; many at once is normal.
    this.#emitter.setMaxListeners(0);
  }

  queued(): void {
    this.#emitter.emit('queued');
  }

  onQueued(listener: () => void): () => void {
    this.#emitter.on('queued', listener);
    return () => this.#emitter.off('queued', listener);
  }

  changed(change: JobChange): void {
    this.#emitter.emit(`job:${change.jobId}`, change);
  }

  onChange(jobId: string, listener: (change: JobChange) => void): () => void {
    this.#emitter.on(`job:${jobId}`, listener);
    return () => this.#emitter.off(`job:${jobId}`, listener);
  }

  /** A job's own events besides status changes (crawl pages), for its SSE stream. */
  publish(jobId: string, event: string, data: unknown): void {
    this.#emitter.emit(`data:${jobId}`, event, data);
  }

  onPublish(jobId: string, listener: (event: string, data: unknown) => void): () => void {
    this.#emitter.on(`data:${jobId}`, listener);
    return () => this.#emitter.off(`data:${jobId}`, listener);
  }

  /**
   * Resolves true when the job reaches a terminal status before `timeoutMs`, false otherwise.
   * `currentStatus` is read after subscribing, so a change between the read and the subscription is not lost.
   */
  async waitForTerminal(jobId: string, timeoutMs: number, currentStatus: () => Promise<string | undefined>): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const finish = (value: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unsubscribe();
        resolve(value);
      };
      const unsubscribe = this.onChange(jobId, (change) => {
        if (isTerminal(change.status)) finish(true);
      });
      const timer = setTimeout(() => finish(false), Math.max(0, timeoutMs));
      currentStatus().then(
        (status) => {
          if (status !== undefined && isTerminal(status)) finish(true);
        },
        () => finish(false),
      );
    });
  }
}
