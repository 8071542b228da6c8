import type { ScrapioError } from '../errors';

const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30000;

/**
 * Whether a failed attempt of a job runs again, and after how long. The error decides (ScrapioError.retryable:
 * timeouts, browser crashes and 5xx from the target are worth another try; bad input and refusals are not),
 * within workers.maxAttempts; the delay doubles per attempt from 1 s, capped at 30 s.
 */
export function retryDecision(error: ScrapioError, attempt: number, maxAttempts: number): { retry: false } | { retry: true; delayMs: number } {
  if (!error.retryable || attempt >= maxAttempts) return { retry: false };
  return { retry: true, delayMs: Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempt - 1)) };
}
