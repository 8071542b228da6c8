import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { FetchedDocument } from './fetched-document';
import { ScrapioError } from '../errors';
import { abortReason, throwIfAborted } from './extraction-abort';
import type { ExtractionReply, ExtractionTask } from './extraction-worker';
import { FairQueue } from './fair-queue';
import type { BuildOptions, ExtractionLimits, OutputBundle, OutputRequest } from './types';

export interface ExtractionPoolOptions {
  /** Builds running at once, one per worker thread (default: the number of CPUs). One more thread is kept in reserve (below). */
  maxThreads?: number;
  /** The compiled worker module (default: extraction-worker.js beside this file, as built in dist/). */
  workerFile?: string;
  /** A build running longer is stopped (its worker thread ended and replaced) and fails with extraction_failed. */
  taskTimeoutMs?: number;
  /** Passed to buildOutputs on the workers. */
  limits?: ExtractionLimits;
}

/** Heap of each worker: a page that blows up the DOM kills one worker (its task fails), not the server. */
const WORKER_HEAP_MB = 512;
const DEFAULT_TASK_TIMEOUT_MS = 60_000;
/**
 * Threads beyond maxThreads, used only by a tenant with no build running: when one tenant's slow builds hold every
 * regular thread, another tenant's small page still starts at once instead of waiting for them.
 */
const RESERVE_THREADS = 1;

interface WaitingBuild {
  tenant: string;
  start(): void;
}

/**
 * buildOutputs on worker threads: parsing and converting pages is CPU-bound (tens of ms a page), and off the
 * event loop it neither stalls the API nor leaves the second core idle. `run` has the BuildOutputs signature.
 *
 * Builds wait here, not in piscina's queue, one queue per tenant taken round-robin (FairQueue): a tenant's crawl of
 * hundreds of pages does not delay another tenant's single fetch behind all of them. A build stops when the job's
 * signal fires (cancel, timeout_ms) or after taskTimeoutMs: a waiting one is dropped, and a running one has its
 * worker thread terminated (piscina does that for a task aborted through its `signal`) and replaced, since a
 * synchronous parse or selector match cannot be interrupted from outside.
 */
export class ExtractionPool {
  readonly #pool: Piscina<ExtractionTask, ExtractionReply>;
  readonly #threads: number;
  readonly #taskTimeoutMs: number;
  readonly #limits: ExtractionLimits | undefined;
  readonly #waiting = new FairQueue<WaitingBuild>();
  readonly #runningByTenant = new Map<string, number>();
  #running = 0;
  #closed = false;
  #onIdle: (() => void) | undefined;

  constructor(options: ExtractionPoolOptions = {}) {
    this.#threads = options.maxThreads ?? availableParallelism();
    this.#taskTimeoutMs = options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS;
    this.#limits = options.limits;
    this.#pool = new Piscina({
      filename: options.workerFile ?? join(__dirname, 'extraction-worker.js'),
      // All started up front and kept: a thread started on demand first loads the extraction modules, which takes
      // seconds of CPU when the other threads are busy, and the reserve thread is there to answer at once.
      minThreads: this.#threads + RESERVE_THREADS,
      maxThreads: this.#threads + RESERVE_THREADS,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
  }

  /** Builds the outputs on a worker. Rejects as buildOutputs does (ScrapioError), when stopped (above), or when the worker dies. */
  run = async (document: FetchedDocument, request: OutputRequest, options: BuildOptions = {}): Promise<OutputBundle> => {
    if (this.#closed) throw new Error('The extraction pool is closed.');
    const { signal } = options;
    throwIfAborted(signal);
    const tenant = options.tenant ?? '';
    return new Promise<OutputBundle>((resolve, reject) => {
      const dropIfWaiting = (): void => {
        if (signal && this.#waiting.remove(tenant, build)) {
          reject(abortReason(signal));
          this.#maybeIdle();
        }
      };
      const build: WaitingBuild = {
        tenant,
        start: () => {
          signal?.removeEventListener('abort', dropIfWaiting);
          this.#started(tenant, 1);
          this.#execute(document, request, signal)
            .then(resolve, reject)
            .finally(() => {
              this.#started(tenant, -1);
              this.#pump();
              this.#maybeIdle();
            });
        },
      };
      signal?.addEventListener('abort', dropIfWaiting, { once: true });
      this.#waiting.push(tenant, build);
      this.#pump();
    });
  };

  /** Stops taking builds, waits for those waiting and running, then stops the workers. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#running > 0 || this.#waiting.size > 0) await new Promise<void>((resolve) => (this.#onIdle = resolve));
    await this.#pool.close();
  }

  /** Starts waiting builds while threads are free: regular ones for anyone, the reserve for idle tenants. */
  #pump(): void {
    while (this.#running < this.#threads + RESERVE_THREADS) {
      const build = this.#running < this.#threads ? this.#waiting.take() : this.#waiting.take((tenant) => (this.#runningByTenant.get(tenant) ?? 0) === 0);
      if (!build) return;
      build.start();
    }
  }

  #started(tenant: string, delta: 1 | -1): void {
    this.#running += delta;
    const count = (this.#runningByTenant.get(tenant) ?? 0) + delta;
    if (count > 0) this.#runningByTenant.set(tenant, count);
    else this.#runningByTenant.delete(tenant);
  }

  #maybeIdle(): void {
    if (this.#running === 0 && this.#waiting.size === 0) this.#onIdle?.();
  }

  async #execute(document: FetchedDocument, request: OutputRequest, signal: AbortSignal | undefined): Promise<OutputBundle> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.#taskTimeoutMs);
    try {
      // A copy, whose memory then moves to the worker: the caller's Buffer may be a view into Node's shared pool,
      // which must never be detached.
      const body = new Uint8Array(document.body);
      const task: ExtractionTask = { document: { ...document, body }, request, limits: this.#limits };
      const stop = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
      const reply = await this.#pool.run(task, { transferList: [body.buffer], signal: stop });
      if ('refused' in reply) throw new ScrapioError(reply.refused.code, reply.refused.message);
      return reply.bundle;
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (deadline.signal.aborted) {
        throw new ScrapioError(
          'extraction_failed',
          `Building the outputs took longer than ${this.#taskTimeoutMs} ms (extraction.taskTimeoutMs); the page is too costly to extract.`,
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
