import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { FetchedDocument } from './fetched-document';
import { ScrapioError } from '../errors';
import type { ExtractionReply, ExtractionTask } from './extraction-worker';
import type { OutputBundle, OutputRequest } from './types';

export interface ExtractionPoolOptions {
  /** Worker threads at most (default: piscina's, from the number of CPUs). */
  maxThreads?: number;
  /** The compiled worker module (default: extraction-worker.js beside this file, as built in dist/). */
  workerFile?: string;
}

/** Heap of each worker: a page that blows up the DOM kills one worker (its task fails), not the server. */
const WORKER_HEAP_MB = 512;
/**
 * How long a worker beyond piscina's minimum stays up without work. Piscina's default (0) ends it at once, and a
 * rendered crawl, whose pages arrive a few per second, then started a new worker (modules loaded again, about
 * 150 ms of CPU) for nearly every page.
 */
const WORKER_IDLE_TIMEOUT_MS = 30_000;

/**
 * buildOutputs on worker threads: parsing and converting pages is CPU-bound (tens of ms a page), and off the
 * event loop it neither stalls the API nor leaves the second core idle. `run` has the BuildOutputs signature.
 */
export class ExtractionPool {
  readonly #pool: Piscina<ExtractionTask, ExtractionReply>;
  #closed = false;

  constructor(options: ExtractionPoolOptions = {}) {
    this.#pool = new Piscina({
      filename: options.workerFile ?? join(__dirname, 'extraction-worker.js'),
      // Piscina lowers its default minThreads to a smaller maxThreads.
      ...(options.maxThreads === undefined ? {} : { maxThreads: options.maxThreads }),
      idleTimeout: WORKER_IDLE_TIMEOUT_MS,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
  }

  /** Builds the outputs on a worker. Rejects as buildOutputs does (ScrapioError), or when the worker dies. */
  run = async (document: FetchedDocument, request: OutputRequest): Promise<OutputBundle> => {
    if (this.#closed) throw new Error('The extraction pool is closed.');
    // A copy, whose memory then moves to the worker: the caller's Buffer may be a view into Node's shared pool,
    // which must never be detached.
    const body = new Uint8Array(document.body);
    const reply = await this.#pool.run({ document: { ...document, body }, request }, { transferList: [body.buffer] });
    if ('refused' in reply) throw new ScrapioError(reply.refused.code, reply.refused.message);
    return reply.bundle;
  };

  /** Waits for the tasks in flight, then stops the workers. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close();
  }
}
