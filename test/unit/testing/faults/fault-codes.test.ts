import { ScrapioError } from '../../../../src/errors';
import { FAULT_CODES, parseFaultHeader } from '../../../../src/testing/faults/fault-codes';

describe('parseFaultHeader', () => {
  it.each(FAULT_CODES)('accepts %s', (code) => {
    expect(parseFaultHeader(` ${code} `)).toEqual({ code });
  });

  it('reads delay_ms for timeout', () => {
    expect(parseFaultHeader('timeout; delay_ms=250')).toEqual({ code: 'timeout', delayMs: 250 });
  });

  it.each(['', 'nope', 'TIMEOUT', 'timeout; delay_ms=0', 'timeout; delay_ms=abc', 'timeout; wait=5', 'target_blocked; delay_ms=5'])(
    'refuses "%s" with invalid_request',
    (value) => {
      let thrown: unknown;
      try {
        parseFaultHeader(value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ScrapioError);
      expect((thrown as ScrapioError).code).toBe('invalid_request');
    },
  );
});
