import { ScrapioError } from '../../errors';

/**
 * The faults a client test can ask for (config testing.faults): each makes the API answer exactly as the real
 * error would, thrown from where the real one comes from.
 */
export const FAULT_CODES = [
  'rate_limited',
  'overloaded',
  'credits_exhausted',
  'daily_credit_cap_exceeded',
  'target_blocked',
  'target_unreachable',
  'timeout',
  'job_failed',
  'promote',
] as const;

export type FaultCode = (typeof FAULT_CODES)[number];

export interface TestFault {
  code: FaultCode;
  /** `timeout` only: the job's time budget before it times out. */
  delayMs?: number;
}

export const FAULT_HEADER = 'Scrapio-Test-Fault';
export const FAULT_APPLIED_HEADER = 'Scrapio-Test-Fault-Applied';
/** A `timeout` fault without delay_ms times out after this long. */
export const DEFAULT_TIMEOUT_FAULT_MS = 1000;

export function isFaultCode(code: string): code is FaultCode {
  return (FAULT_CODES as readonly string[]).includes(code);
}

/** Parses `<code>[; delay_ms=N]`; anything else is a 400 that lists what is accepted. */
export function parseFaultHeader(value: string): TestFault {
  const [rawCode = '', ...params] = value.split(';').map((part) => part.trim());
  if (!isFaultCode(rawCode)) {
    throw new ScrapioError('invalid_request', `${FAULT_HEADER}: unknown fault "${rawCode}"; use one of ${FAULT_CODES.join(', ')}.`);
  }
  const fault: TestFault = { code: rawCode };
  for (const param of params.filter((part) => part !== '')) {
    const match = /^delay_ms=(\d{1,9})$/.exec(param);
    if (!match || rawCode !== 'timeout' || Number(match[1]) < 1) {
      throw new ScrapioError('invalid_request', `${FAULT_HEADER}: unexpected "${param}"; only "timeout" takes a parameter, "delay_ms=<positive integer>".`);
    }
    fault.delayMs = Number(match[1]);
  }
  return fault;
}

/** The faults that the job (not the request) must act out: carried from the request to the worker. */
export function isJobFault(code: FaultCode): boolean {
  return code === 'target_blocked' || code === 'target_unreachable' || code === 'timeout' || code === 'job_failed';
}
