import { ScrapioError } from '../errors';

/**
 * Throws why `signal` fired, as a ScrapioError: the job's own reason (timeout, cancelled, shutdown) when it gave
 * one, so the job ends as the worker pool decided; a bare abort becomes `cancelled`.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

export function abortReason(signal: AbortSignal): ScrapioError {
  const reason: unknown = signal.reason;
  return reason instanceof ScrapioError ? reason : new ScrapioError('cancelled', 'The extraction was aborted.', { cause: reason });
}
