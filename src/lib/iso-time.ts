/** ISO-8601 UTC with milliseconds, the API's one time format; undefined for a time not yet reached (null). */
export const isoTime = (ms: number | null): string | undefined => (ms === null ? undefined : new Date(Number(ms)).toISOString());
