import { ScrapioError } from '../../../src/errors';
import { retryDecision } from '../../../src/jobs/retry-policy';

const retryable = new ScrapioError('timeout', 'slow', { retryable: true });
const final = new ScrapioError('invalid_request', 'bad input');

describe('retryDecision', () => {
  test('a retryable error runs again with a doubling delay from 1 s', () => {
    expect(retryDecision(retryable, 1, 5)).toEqual({ retry: true, delayMs: 1000 });
    expect(retryDecision(retryable, 2, 5)).toEqual({ retry: true, delayMs: 2000 });
    expect(retryDecision(retryable, 4, 5)).toEqual({ retry: true, delayMs: 8000 });
  });

  test('the delay is capped at 30 s', () => {
    expect(retryDecision(retryable, 9, 20)).toEqual({ retry: true, delayMs: 30000 });
  });

  test('the last attempt and non-retryable errors end the job', () => {
    expect(retryDecision(retryable, 3, 3)).toEqual({ retry: false });
    expect(retryDecision(final, 1, 3)).toEqual({ retry: false });
  });
});
