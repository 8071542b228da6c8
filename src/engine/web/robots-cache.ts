import robotsParser from 'robots-parser';
import { systemClock, type Clock } from '../../lib/clock';
import { coerceError } from '../../errors';
import type { FetchFn } from './fetch-fn';
import { normalizeUrl } from './url-normalizer';

/**
 * robots.txt per origin (scheme, host and port, RFC 9309 §2.3), fetched once: concurrent callers share one
 * in-flight fetch, and the outcome is cached. The failure policy follows RFC 9309 §2.3.1:
 *
 * - 2xx: the rules apply (the first 500 KiB are parsed).
 * - 4xx other than 429 ("unavailable", including 401/403): no rules, everything is allowed.
 * - 5xx, 429 and network failures ("unreachable"): everything is disallowed, because a crawler cannot tell
 *   an overloaded server from one that forbids crawling; Google treats 429 the same way. This outcome is
 *   cached for `unreachableTtlMs` only, so a host that recovers is crawled again.
 * - A fetch refused by the server's own network policy (url_not_allowed) counts as unavailable: the page
 *   fetch is refused for the same reason and then reports that reason instead of a misleading robots skip.
 *
 * Redirects are followed by the HTTP client; the rules then apply to the origin that was asked for.
 */

export interface RobotsCacheOptions {
  fetch: FetchFn;
  /** Sent when fetching robots.txt; rules are matched on its product token (the text before the first '/'). */
  userAgent: string;
  timeoutMs?: number;
  /** How long parsed rules and "unavailable" outcomes are reused (RFC 9309 §2.4: at most 24 h). */
  ttlMs?: number;
  /** How long an unreachable robots.txt disallows its origin before it is fetched again. */
  unreachableTtlMs?: number;
  /** Origins kept; the oldest entry is dropped beyond this (a long-lived cache must not grow without bound). */
  maxEntries?: number;
  clock?: Clock;
}

export type RobotsVerdict = { allowed: true } | { allowed: false; reason: 'disallowed' | 'unreachable'; message: string };

type Outcome = { kind: 'rules'; robot: ReturnType<typeof robotsParser> } | { kind: 'unavailable' } | { kind: 'unreachable'; message: string };

interface Entry {
  expiresAt: number;
  outcome: Promise<Outcome>;
}

/** RFC 9309 §2.5: crawlers must read at least 500 KiB (counted here in characters of the decoded text). */
const MAX_ROBOTS_LENGTH = 500 * 1024;
/** A larger Crawl-delay would let one robots.txt stall a whole crawl job: it is honoured up to this. */
const MAX_CRAWL_DELAY_SECONDS = 60;

export class RobotsCache {
  readonly #options: Required<RobotsCacheOptions>;
  readonly #entries = new Map<string, Entry>();

  constructor(options: RobotsCacheOptions) {
    this.#options = {
      timeoutMs: 10_000,
      ttlMs: 24 * 60 * 60 * 1000,
      unreachableTtlMs: 5 * 60 * 1000,
      maxEntries: 10_000,
      clock: systemClock,
      ...options,
    };
  }

  async check(url: string, signal?: AbortSignal): Promise<RobotsVerdict> {
    const origin = originOf(url);
    if (origin === null) return { allowed: true };
    const outcome = await this.#outcome(origin, signal);
    if (outcome.kind === 'unavailable') return { allowed: true };
    if (outcome.kind === 'unreachable') return { allowed: false, reason: 'unreachable', message: outcome.message };
    // robots-parser answers undefined for a URL of another origin, which cannot happen here.
    if (outcome.robot.isAllowed(url, this.#options.userAgent) !== false) return { allowed: true };
    const line = outcome.robot.getMatchingLineNumber(url, this.#options.userAgent);
    return { allowed: false, reason: 'disallowed', message: `Disallowed by ${origin}/robots.txt (line ${line}).` };
  }

  async isAllowed(url: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.check(url, signal)).allowed;
  }

  /** The origin's Crawl-delay for our user agent (or `*`), capped; undefined when it sets none. */
  async crawlDelaySeconds(origin: string, signal?: AbortSignal): Promise<number | undefined> {
    const outcome = await this.#outcome(origin, signal);
    if (outcome.kind !== 'rules') return undefined;
    const delay = outcome.robot.getCrawlDelay(this.#options.userAgent);
    if (delay === undefined || !Number.isFinite(delay) || delay <= 0) return undefined;
    return Math.min(delay, MAX_CRAWL_DELAY_SECONDS);
  }

  /** Normalised, deduplicated http(s) URLs of the origin's `Sitemap:` lines. */
  async sitemaps(origin: string, signal?: AbortSignal): Promise<string[]> {
    const outcome = await this.#outcome(origin, signal);
    if (outcome.kind !== 'rules') return [];
    const urls = outcome.robot.getSitemaps().map((raw) => normalizeUrl(raw, `${origin}/robots.txt`));
    return [...new Set(urls.filter((url): url is string => url !== null))];
  }

  #outcome(rawOrigin: string, signal?: AbortSignal): Promise<Outcome> {
    const origin = originOf(rawOrigin) ?? rawOrigin;
    const now = this.#options.clock.now();
    let entry = this.#entries.get(origin);
    if (entry === undefined || entry.expiresAt <= now) {
      if (entry !== undefined) this.#entries.delete(origin);
      entry = this.#load(origin, now);
      this.#entries.set(origin, entry);
      this.#evictOldest();
    }
    return abortable(entry.outcome, signal);
  }

  /**
   * Starts the shared fetch. It takes no caller's signal, so one caller giving up does not fail the others;
   * each caller stops waiting on its own signal instead (see `abortable`).
   */
  #load(origin: string, now: number): Entry {
    const outcome = this.#fetchOutcome(origin);
    const entry: Entry = { expiresAt: now + this.#options.ttlMs, outcome };
    void outcome.then((settled) => {
      if (settled.kind === 'unreachable') entry.expiresAt = this.#options.clock.now() + this.#options.unreachableTtlMs;
    });
    return entry;
  }

  /** Never rejects: every failure is an outcome. */
  async #fetchOutcome(origin: string): Promise<Outcome> {
    const robotsUrl = `${origin}/robots.txt`;
    try {
      const document = await this.#options.fetch({
        url: robotsUrl,
        timeoutMs: this.#options.timeoutMs,
        headers: { 'user-agent': this.#options.userAgent },
      });
      const status = document.statusCode;
      if (status >= 200 && status < 300) {
        const text = document.text ?? document.body.toString('utf8');
        return { kind: 'rules', robot: robotsParser(robotsUrl, truncate(text)) };
      }
      if (status === 429 || status >= 500) {
        return { kind: 'unreachable', message: `${robotsUrl} answered HTTP ${status}; the origin is treated as fully disallowed (RFC 9309).` };
      }
      return { kind: 'unavailable' };
    } catch (thrown) {
      const error = coerceError(thrown);
      if (error.code === 'url_not_allowed') return { kind: 'unavailable' };
      return { kind: 'unreachable', message: `${robotsUrl} could not be fetched (${error.message}); the origin is treated as fully disallowed (RFC 9309).` };
    }
  }

  #evictOldest(): void {
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) return;
      this.#entries.delete(oldest);
    }
  }
}

/** Cuts at the last line break within the cap, so a rule is never read half-way. */
function truncate(text: string): string {
  if (text.length <= MAX_ROBOTS_LENGTH) return text;
  const cut = text.slice(0, MAX_ROBOTS_LENGTH);
  const lastBreak = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf('\r'));
  return lastBreak === -1 ? '' : cut.slice(0, lastBreak);
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
