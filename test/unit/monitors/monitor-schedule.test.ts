import { checkSchedule, isTimeZone, nextRunAfter } from '../../../src/monitors/monitor-schedule';

const T0 = Date.UTC(2026, 0, 1, 10, 7, 30);

describe('monitor schedules', () => {
  it('the next time is strictly after the given one, in the given time zone', () => {
    expect(new Date(nextRunAfter('*/5 * * * *', 'UTC', T0)).toISOString()).toBe('2026-01-01T10:10:00.000Z');
    expect(new Date(nextRunAfter('*/5 * * * *', 'UTC', Date.UTC(2026, 0, 1, 10, 10))).toISOString()).toBe('2026-01-01T10:15:00.000Z');
    // 09:00 in Berlin (UTC+1 in January) is 08:00 UTC.
    expect(new Date(nextRunAfter('0 9 * * *', 'Europe/Berlin', T0)).toISOString()).toBe('2026-01-02T08:00:00.000Z');
  });

  it('refuses invalid expressions and intervals under the minimum', () => {
    expect(checkSchedule('0 * * * *', 'UTC', 60, T0)).toEqual({ ok: true });
    expect(checkSchedule('* * * * *', 'UTC', 60, T0)).toEqual({ ok: true });
    expect(checkSchedule('*/30 * * * * *', 'UTC', 60, T0)).toMatchObject({ ok: false, message: expect.stringContaining('every 30 s') });
    // Uneven: 0 and 10 past the minute are 10 s apart once an hour... every minute here.
    expect(checkSchedule('0,10 * * * * *', 'UTC', 60, T0)).toMatchObject({ ok: false });
    expect(checkSchedule('61 * * * *', 'UTC', 60, T0)).toMatchObject({ ok: false, message: expect.stringContaining('not a valid cron expression') });
    expect(checkSchedule('hello', 'UTC', 60, T0)).toMatchObject({ ok: false });
  });

  it('knows IANA zone names', () => {
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
