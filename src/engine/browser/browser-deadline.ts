import { ScrapioError } from '../../errors';

/**
 * The job's signal combined with a deadline of our own, whose reason names `timeout_ms` (an anonymous
 * AbortSignal.timeout would surface as a vague "operation was aborted"). Call dispose() when done.
 */
export function deadlineSignal(timeoutMs: number, what: string, parent?: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new ScrapioError('timeout', `${what} did not finish within ${timeoutMs} ms (timeout_ms).`, { timedOut: true })),
    timeoutMs,
  );
  const onAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}
