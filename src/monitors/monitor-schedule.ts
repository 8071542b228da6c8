import { CronExpressionParser } from 'cron-parser';

/** How many upcoming times are inspected to find a cron expression's shortest interval. */
const SAMPLED_TIMES = 6;

export type ScheduleCheck = { ok: true } | { ok: false; message: string };

/**
 * The first time strictly after `after` (epoch ms) that `cron` names, in `timezone`. Five fields (minute
 * first) or six (seconds first), as cron-parser reads them.
 */
export function nextRunAfter(cron: string, timezone: string, after: number): number {
  return CronExpressionParser.parse(cron, { currentDate: new Date(after), tz: timezone })
    .next()
    .getTime();
}

/** A valid expression whose runs are never closer together than `minIntervalSeconds` (judged on the next few runs). */
export function checkSchedule(cron: string, timezone: string, minIntervalSeconds: number, now: number): ScheduleCheck {
  let times: number[];
  try {
    const expression = CronExpressionParser.parse(cron, { currentDate: new Date(now), tz: timezone, strict: false });
    times = expression.take(SAMPLED_TIMES).map((date) => date.getTime());
  } catch (error) {
    return { ok: false, message: `"${cron}" is not a valid cron expression (${error instanceof Error ? error.message : String(error)})` };
  }
  if (times.length === 0) return { ok: false, message: `"${cron}" names no future time` };
  for (let index = 1; index < times.length; index += 1) {
    const gapSeconds = (times[index] - times[index - 1]) / 1000;
    if (gapSeconds < minIntervalSeconds) {
      return {
        ok: false,
        message: `"${cron}" runs every ${gapSeconds} s at times; monitors run at most every ${minIntervalSeconds} s (config monitors.minIntervalSeconds)`,
      };
    }
  }
  return { ok: true };
}

/** An IANA time zone name Node knows ("UTC", "Europe/Berlin"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
