import type { RequestHandler } from 'express';
import type { Clock } from '../../lib/clock';
import { ScrapioError } from '../../errors';
import { locals, tenantOf } from '../request-locals';

interface Window {
  startedAt: number;
  count: number;
}

const WINDOW_MS = 60_000;

/**
 * Requests per minute per tenant (limits.rateLimit.requestsPerMinute; 0 = off), as a fixed one-minute
 * window: simple, memory-bounded (one entry per active key) and precise enough for abuse protection.
 */
export function rateLimit(requestsPerMinute: number, clock: Clock): RequestHandler {
  const windows = new Map<string, Window>();
  return (_req, res, next) => {
    // A rate_limited test fault answers as the limit would at the start of a window.
    if (locals(res).testFault?.code === 'rate_limited') {
      next(rateLimited(requestsPerMinute, WINDOW_MS / 1000));
      return;
    }
    if (requestsPerMinute === 0) {
      next();
      return;
    }
    const tenant = tenantOf(res);
    const now = clock.now();
    let window = windows.get(tenant);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, count: 0 };
      windows.set(tenant, window);
    }
    window.count += 1;
    if (window.count > requestsPerMinute) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
      next(rateLimited(requestsPerMinute, retryAfterSeconds));
      return;
    }
    next();
  };
}

function rateLimited(requestsPerMinute: number, retryAfterSeconds: number): ScrapioError {
  return new ScrapioError(
    'rate_limited',
    `Rate limit of ${requestsPerMinute} requests per minute for this API key exceeded (config limits.rateLimit.requestsPerMinute); retry in ${retryAfterSeconds} s.`,
    { retryAfterSeconds },
  );
}
