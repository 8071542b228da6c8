import { ScrapioError } from '../../errors';
import type { RecordedResponse } from './exchange-file';
import { exchangeKey, type ExchangeRequest } from './exchange-key';
import { RecordingStore } from './recording-store';

export type { RecordedResponse } from './exchange-file';
export type { ExchangeRequest } from './exchange-key';

/**
 * Record and replay of target traffic (config `testing.record` / `testing.replay`), used by the HTTP client at
 * each hop. Chromium's requests reach it through the same client (browser-recorded-requests.ts), so one seam
 * covers fetches, robots.txt, sitemaps and rendering alike.
 * - record: every exchange goes to the network and is stored.
 * - replay: every exchange is answered from the store; a missing one fails with 502 target_unreachable naming
 *   it, or with `missing: "passthrough"` goes to the network (SSRF policy still on) and is stored.
 */

export interface TrafficRecorderOptions {
  mode: 'record' | 'replay';
  dir: string;
  /** Replay only: what a request without a recording does. */
  missing?: 'fail' | 'passthrough';
  ignoreQueryParams?: readonly string[];
}

/** Counts since start: tests prove "no network connection" with `network`. */
export interface RecorderCounts {
  replayed: number;
  recorded: number;
  /** Exchanges that went to the network (record mode, or passthrough). */
  network: number;
  missing: number;
}

export class TrafficRecorder {
  readonly mode: 'record' | 'replay';
  readonly #store: RecordingStore;
  readonly #missing: 'fail' | 'passthrough';
  readonly #ignore: readonly string[];
  readonly #counts: RecorderCounts = { replayed: 0, recorded: 0, network: 0, missing: 0 };

  constructor(options: TrafficRecorderOptions) {
    this.mode = options.mode;
    this.#missing = options.missing ?? 'fail';
    this.#ignore = options.ignoreQueryParams ?? [];
    // Replaying with passthrough writes what it fetches into the replay directory, so it must exist already.
    this.#store = new RecordingStore(options.dir, { create: options.mode === 'record' });
  }

  get dir(): string {
    return this.#store.dir;
  }

  counts(): RecorderCounts {
    return { ...this.#counts };
  }

  /**
   * The recorded answer when replaying; undefined when the request is to go to the network (record mode, or
   * passthrough of a missing one). Throws 502 target_unreachable for a missing recording under "fail".
   */
  replay(request: ExchangeRequest): RecordedResponse | undefined {
    if (this.mode === 'record') {
      this.#counts.network += 1;
      return undefined;
    }
    const key = exchangeKey(request, this.#ignore);
    const recorded = this.#store.find(key);
    if (recorded) {
      this.#counts.replayed += 1;
      return { ...recorded, headers: { ...recorded.headers } };
    }
    this.#counts.missing += 1;
    if (this.#missing === 'passthrough') {
      this.#counts.network += 1;
      return undefined;
    }
    throw new ScrapioError(
      'target_unreachable',
      `No recording for ${key.method} ${key.url} in ${this.#store.dir} (replay makes no network connection; ` +
        `record it with --record, or set testing.replay.missing to "passthrough" to fetch and record what is missing).`,
    );
  }

  /** Stores what the network answered (record mode, or a passthrough while replaying). */
  record(request: ExchangeRequest, response: RecordedResponse): void {
    this.#store.save(exchangeKey(request, this.#ignore), response);
    this.#counts.recorded += 1;
  }
}
