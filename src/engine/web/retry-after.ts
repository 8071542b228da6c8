/**
 * The Retry-After header of a 429 or 503 (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns
 * milliseconds from `nowMs` (0 for a date in the past), or undefined when the header is absent or
 * malformed. Capping is the scheduler's job.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // All three HTTP-date forms start with a day name; without this check Date.parse reads "1.5" as a year-2001 date.
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
