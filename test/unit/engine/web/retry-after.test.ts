import { parseRetryAfter } from '../../../../src/engine/web/retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads HTTP-dates, a past date meaning no wait', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wednesday, 21-Oct-26 07:29:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Tue, 20 Oct 2026 07:28:00 GMT', now)).toBe(0);
  });

  it('returns undefined for absent or malformed values', () => {
    for (const value of [undefined, '', '-5', '1.5', 'soon', 'Fri, 99 Foo 2026']) expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
