import { ScrapioError } from '../errors';

/** The UTC day a charge counts towards ("YYYY-MM-DD"): daily caps reset at 00:00 UTC. */
export function usageDayOf(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Seconds until the next 00:00 UTC, when a daily cap resets (Retry-After of daily_credit_cap_exceeded). */
export function secondsUntilNextUtcDay(now: number): number {
  const startOfDay = Date.parse(`${usageDayOf(now)}T00:00:00.000Z`);
  return Math.max(1, Math.ceil((startOfDay + 86_400_000 - now) / 1000));
}

export function creditsExhausted(balance: number, cost: number): ScrapioError {
  return new ScrapioError(
    'credits_exhausted',
    `Not enough credits: this API key has ${balance} left and the request costs ${cost} (billing.mode "emulate"). Set a new balance with POST /v1/account/credits or billing.keys.`,
  );
}

export function dailyCapExceeded(cap: number, usedToday: number, cost: number, now: number): ScrapioError {
  return new ScrapioError(
    'daily_credit_cap_exceeded',
    `Daily credit cap reached: this API key has used ${usedToday} of its ${cap} credits for today (UTC) and the request costs ${cost}; the cap resets at 00:00 UTC.`,
    { retryAfterSeconds: secondsUntilNextUtcDay(now) },
  );
}

/** The errors a `Scrapio-Test-Fault` can force at the charging step, whatever the balance (billing on or off). */
export type ForcedCreditError = 'credits_exhausted' | 'daily_credit_cap_exceeded';

export function forcedCreditError(code: ForcedCreditError, cost: number, now: number): ScrapioError {
  return code === 'credits_exhausted' ? creditsExhausted(0, cost) : dailyCapExceeded(0, 0, cost, now);
}
