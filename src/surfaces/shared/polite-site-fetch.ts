import { HostScheduler } from '../../engine/web/host-scheduler';
import { parseRetryAfter } from '../../engine/web/retry-after';
import type { HttpRequestOptions } from '../../engine/http/http-client';
import { ScrapioError } from '../../errors';
import type { FetchedDocument } from '../../extract/fetched-document';

/** How a site client reaches the network: the server's HttpClient (SSRF policy, body caps), or a stub in tests. */
export type Fetch = (options: HttpRequestOptions) => Promise<FetchedDocument>;

/** One request as a site client builds it; the timeout and signal are added here. */
export type SiteRequest = Omit<HttpRequestOptions, 'timeoutMs' | 'signal'>;

const MAX_REDIRECTS = 5;

/** What a site client is built with: the same `deps` as the YouTube, Amazon and Walmart clients take. */
export interface SiteClientDeps {
  fetch: Fetch;
  options: {
    /** Spacing between the starts of two requests to one host, across every request and job. */
    perRequestDelayMs: number;
    /** One request, redirects and body included. */
    requestTimeoutMs: number;
  };
  /** A shared scheduler (tests); unset, one is made from the policy's perHostConcurrency and perRequestDelayMs. */
  scheduler?: HostScheduler;
}

/** What differs between the sites. */
export interface SiteFetchPolicy {
  /** The site's name in error messages ("YouTube", "Walmart", …). */
  site: string;
  /** How many requests to one host may be in flight at once (when no scheduler is given). */
  perHostConcurrency: number;
  /** Headers set on every request (and every redirect hop), over the request's own. */
  headers?: Record<string, string>;
  /** With followingRedirects: a redirect to such a URL (a bot check, a consent page) is answered, not fetched. */
  isInterstitial?: (url: string) => boolean;
}

/**
 * The polite part of the site clients (YouTube, Amazon, Walmart): every request waits its turn at a
 * HostScheduler spaced by perRequestDelayMs, and a 429/503 pauses the host for its Retry-After.
 * `followingRedirects` follows redirects here rather than in the HttpClient, so that each hop waits its
 * turn too and a redirect to an interstitial is recognised rather than fetched.
 */
export class PoliteSiteFetch {
  readonly #fetch: Fetch;
  readonly #requestTimeoutMs: number;
  readonly #policy: SiteFetchPolicy;
  readonly #scheduler: HostScheduler;

  constructor(deps: SiteClientDeps, policy: SiteFetchPolicy) {
    this.#fetch = deps.fetch;
    this.#requestTimeoutMs = deps.options.requestTimeoutMs;
    this.#policy = policy;
    this.#scheduler = deps.scheduler ?? new HostScheduler({ perHostConcurrency: policy.perHostConcurrency, perHostDelayMs: deps.options.perRequestDelayMs });
  }

  /** One request in its turn at the host; `timeoutMs` may shorten requestTimeoutMs (never lengthen it). */
  async fetch(request: SiteRequest, signal?: AbortSignal, timeoutMs?: number): Promise<FetchedDocument> {
    const host = new URL(request.url).host;
    const release = await this.#scheduler.acquire(host, { signal });
    try {
      const document = await this.#fetch({
        ...request,
        headers: { ...request.headers, ...this.#policy.headers },
        timeoutMs: Math.min(timeoutMs ?? Number.POSITIVE_INFINITY, this.#requestTimeoutMs),
        signal,
      });
      if (document.statusCode === 429 || document.statusCode === 503) {
        this.#scheduler.penalize(host, parseRetryAfter(document.headers['retry-after'], Date.now()));
      }
      return document;
    } finally {
      release();
    }
  }

  /** Like `fetch`, following up to MAX_REDIRECTS redirects hop by hop, each in its turn. */
  async followingRedirects(request: SiteRequest, signal?: AbortSignal): Promise<FetchedDocument> {
    let current = request;
    for (let hop = 0; ; hop += 1) {
      const document = await this.fetch({ ...current, followRedirects: false }, signal);
      const location = document.headers.location;
      if (document.statusCode < 300 || document.statusCode >= 400 || !location) return document;
      const target = new URL(location, current.url).href;
      if (this.#policy.isInterstitial?.(target)) return { ...document, finalUrl: target };
      if (hop >= MAX_REDIRECTS) {
        throw new ScrapioError('target_unreachable', `${this.#policy.site} kept redirecting (${MAX_REDIRECTS} hops from ${request.url}).`);
      }
      // 307/308 repeat the request as it was; the others continue as a plain GET.
      current = document.statusCode === 307 || document.statusCode === 308 ? { ...current, url: target } : { url: target };
    }
  }
}
