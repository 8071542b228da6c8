import { ScrapioError } from '../../errors';

/** Housekeeping calls (new context, new page, close, cookies) that should be near-instant on a healthy browser. */
export const BROWSER_CALL_TIMEOUT_MS = 10_000;

/**
 * Bounds a Puppeteer call. Puppeteer's protocolTimeout already bounds each CDP message, but several calls
 * send many messages in sequence; a hung renderer must not hold a job (or close()) forever.
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScrapioError('timeout', `${what} did not finish within ${timeoutMs} ms.`, { timedOut: true })), timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    // The loser may still reject later (e.g. a close on a dead page): that is expected, not unhandled.
    work.catch(() => undefined);
  }
}
