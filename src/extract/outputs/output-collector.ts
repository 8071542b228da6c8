import { ScrapioError } from '../../errors';
import type { OutputBundle, OutputFailure, OutputName } from '../types';

/**
 * The outputs of one document as they are built. A step that throws unexpectedly becomes an OutputFailure of each
 * requested output it serves, so the other outputs still come back and the job is `partial`. A ScrapioError is a
 * deliberate refusal of the whole request and propagates.
 */
export class OutputCollector {
  readonly outputs: OutputBundle['outputs'] = {};
  readonly failures: OutputFailure[] = [];
  readonly #requested: ReadonlySet<OutputName>;

  constructor(requested: Iterable<OutputName>) {
    this.#requested = new Set(requested);
  }

  wants(output: OutputName): boolean {
    return this.#requested.has(output);
  }

  /** Records an output that was requested and built; an undefined value (a failed step) is left out. */
  put<K extends keyof OutputBundle['outputs']>(output: K, value: OutputBundle['outputs'][K] | undefined): void {
    if (value !== undefined && this.wants(output)) this.outputs[output] = value;
  }

  fail(output: OutputName, code: string, message: string): void {
    if (this.wants(output)) this.failures.push({ output, code, message });
  }

  /** `step()`, or undefined after recording an `extraction_failed` failure for each requested output in `serves`. */
  attempt<T>(serves: OutputName[], step: () => T): T | undefined {
    try {
      return step();
    } catch (error) {
      this.#recordFailure(serves, error);
      return undefined;
    }
  }

  async attemptAsync<T>(serves: OutputName[], step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (error) {
      this.#recordFailure(serves, error);
      return undefined;
    }
  }

  bundle(indexable: OutputBundle['indexable']): OutputBundle {
    return { outputs: this.outputs, failures: this.failures, ...(indexable ? { indexable } : {}) };
  }

  #recordFailure(serves: OutputName[], error: unknown): void {
    if (error instanceof ScrapioError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    for (const output of serves) this.fail(output, 'extraction_failed', `could not build ${output}: ${message}`);
  }
}
