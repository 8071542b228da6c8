import { ScrapioError } from '../../errors';

/**
 * One deadline for a whole HTTP request (every redirect hop and the body included), merged with the
 * caller's AbortSignal. The signal it hands out is aborted with a ScrapioError as its reason, so whatever
 * undici throws, `reason` says why the request ended early.
 */
/** setTimeout fires at once beyond this (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class RequestDeadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #external?: AbortSignal;
  readonly #onExternalAbort = () => this.#controller.abort(cancellation(this.#external?.reason));

  constructor(timeoutMs: number, url: string, external?: AbortSignal) {
    this.#timer = setTimeout(
      () => {
        this.#controller.abort(
          new ScrapioError('timeout', `Fetching ${url} did not finish within ${timeoutMs} ms; raise timeout_ms to wait longer.`, {
            timedOut: true,
          }),
        );
      },
      Math.min(timeoutMs, MAX_TIMER_MS),
    );
    this.#external = external;
    if (external?.aborted) this.#onExternalAbort();
    else external?.addEventListener('abort', this.#onExternalAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why the request was ended early (deadline or caller), or undefined while it may go on. */
  get reason(): ScrapioError | undefined {
    return this.#controller.signal.aborted ? (this.#controller.signal.reason as ScrapioError) : undefined;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#external?.removeEventListener('abort', this.#onExternalAbort);
  }
}

/**
 * A caller's abort: its reason when that is already a ScrapioError (the caller said why), timeout for an
 * AbortSignal.timeout(), else `cancelled` (a cancelled job) rather than an AbortError, which coerceError
 * would report as a timeout.
 */
function cancellation(reason: unknown): ScrapioError {
  if (reason instanceof ScrapioError) return reason;
  if ((reason as { name?: unknown } | undefined)?.name === 'TimeoutError') {
    return new ScrapioError('timeout', 'The request was aborted by its timeout (timeout_ms).', { timedOut: true, cause: reason });
  }
  return new ScrapioError('cancelled', 'The request was cancelled before it finished.', { cause: reason });
}
