import { ScrapioError } from '../../errors';
import { DEFAULT_TIMEOUT_FAULT_MS, isJobFault, type TestFault } from './fault-codes';

/**
 * Faults that a job acts out when it runs (target errors, timeout, job_failed), by job id. Held in memory: a
 * test fault belongs to one server run, and a job requeued by a restart runs without it.
 */
export class JobFaults {
  readonly #byJob = new Map<string, TestFault>();

  /** Remembers the fault for the job when it is one the job acts out (others were handled at the request). */
  attach(jobId: string, fault: TestFault | undefined): void {
    if (fault && isJobFault(fault.code)) this.#byJob.set(jobId, fault);
  }

  forJob(jobId: string): TestFault | undefined {
    return this.#byJob.get(jobId);
  }

  /** The job ended: forget its fault. */
  release(jobId: string): void {
    this.#byJob.delete(jobId);
  }
}

/** The job's time budget: a `timeout` fault's delay replaces timeout_ms, so the worker's own timer fires. */
export function faultedTimeoutMs(fault: TestFault | undefined, timeoutMs: number): number {
  return fault?.code === 'timeout' ? (fault.delayMs ?? DEFAULT_TIMEOUT_FAULT_MS) : timeoutMs;
}

/**
 * Runs the job as the fault says: target errors as the engine would throw them, `timeout` by waiting for the
 * worker's own time-budget abort, `job_failed` by running the job for real and then failing it.
 */
export async function runWithFault<T>(fault: TestFault | undefined, target: string, signal: AbortSignal, run: () => Promise<T>): Promise<T> {
  switch (fault?.code) {
    case 'target_blocked':
      throw new ScrapioError('target_blocked', `The target refused the request with HTTP 403 (${target}) [${fault.code} by Scrapio-Test-Fault].`, {
        blocked: true,
        retryable: false,
      });
    case 'target_unreachable':
      throw new ScrapioError('target_unreachable', `Could not fetch ${target}: connection refused (ECONNREFUSED) [${fault.code} by Scrapio-Test-Fault].`);
    case 'timeout':
      return new Promise<T>((_resolve, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    case 'job_failed': {
      await run();
      throw new ScrapioError('job_failed', 'The job ran to its end and was then failed on purpose [job_failed by Scrapio-Test-Fault].');
    }
    default:
      return run();
  }
}
