import { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { ScrapioError } from '../../errors';
import { decodeBody } from './charset';
import type { FetchedDocument } from '../../extract/fetched-document';
import { createGuardedConnector } from '../network/guarded-connector';
import { findScrapioError, toNetworkError } from './network-errors';
import type { NetworkPolicy } from '../network/network-policy';
import { RequestDeadline } from './request-deadline';
import { ACCEPT_ENCODING, bodyTooLarge, decodeContentEncoding, readResponseBody } from './response-body';
import type { TrafficRecorder } from '../recording/traffic-recorder';

/**
 * Plain HTTP fetching (no JavaScript) under the SSRF policy: redirects followed by hand and re-checked on
 * every hop, one deadline for the whole request, a cap on the decoded body, text decoded by charset.
 */

export interface HttpClientOptions {
  policy: NetworkPolicy;
  userAgent: string;
  /** Default cap on the decoded body (http.maxResponseBytes). */
  maxResponseBytes: number;
  /** Redirect hops followed before failing (http.maxRedirects). */
  maxRedirects: number;
  /**
   * Record or replay every hop (config `testing.record` / `testing.replay`). Recorded bodies are read whole,
   * up to `recordMaxBytes`, and stored decoded; replayed ones never touch the network.
   */
  recorder?: TrafficRecorder;
  /** Largest body a recording reads (default maxResponseBytes; sitemaps may need more). */
  recordMaxBytes?: number;
}

export interface HttpRequestOptions {
  url: string;
  method?: 'GET' | 'HEAD' | 'POST';
  /** Override the defaults (user-agent, accept, accept-language, accept-encoding); names are case-insensitive. */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** One deadline for every hop and the body; past it the request fails with `timeout`. */
  timeoutMs: number;
  /** Aborting fails the request with the signal's reason when it is a ScrapioError, else with `cancelled` (`timeout` for AbortSignal.timeout()). */
  signal?: AbortSignal;
  /** Default true; false returns a 3xx answer as it is. */
  followRedirects?: boolean;
  maxResponseBytes?: number;
}

/** A response whose body is still to be read (see HttpClient.stream). */
export interface StreamedResponse {
  requestedUrl: string;
  finalUrl: string;
  statusCode: number;
  /** Lower-case names, repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Decoded from its Content-Encoding; iterating it may throw (network failure, corrupt compression, deadline). */
  body: AsyncIterable<Buffer>;
  redirects: string[];
}

type Method = NonNullable<HttpRequestOptions['method']>;

/** One hop's answer, from the network or from a recording. */
interface HopResponse {
  statusCode: number;
  /** Lower-case names, repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** undici's body (with dump()) or a replayed buffer's stream. */
  body: Readable & { dump?: () => Promise<void> };
}

interface Hop {
  url: URL;
  method: Method;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
/** Dropped when a redirect switches the method to GET. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding'];
/** Dropped when a redirect leaves the origin, so credentials meant for one site never reach another. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
/** Left out of recordings: they describe the bytes on the wire, not the decoded body that is stored. */
const UNRECORDED_HEADERS = ['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'];

export class HttpClient {
  readonly #options: HttpClientOptions;
  readonly #agent: Agent;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.#agent = new Agent({
      connect: createGuardedConnector(options.policy),
      // The request's own deadline is the only clock: undici's 300 s defaults would cut a longer timeout_ms short.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  /** Non-2xx answers are not errors: the document carries its status code and the caller decides. */
  async request(options: HttpRequestOptions): Promise<FetchedDocument> {
    return this.#exchange(options, (response, hop, redirects, requestedUrl) =>
      toDocument(requestedUrl, hop, response, redirects, options.maxResponseBytes ?? this.#options.maxResponseBytes),
    );
  }

  /**
   * Like `request`, but hands the body to `consume` as a stream (Content-Encoding undone) instead of reading
   * it into memory: for documents whose reader bounds its own work, such as sitemaps. `maxResponseBytes`
   * does not apply; the deadline and the signal do, until `consume` settles. The connection is released
   * when `consume` returns, read to the end or not.
   */
  async stream<T>(options: HttpRequestOptions, consume: (response: StreamedResponse) => Promise<T>): Promise<T> {
    return this.#exchange(options, async (response, hop, redirects, requestedUrl) => {
      // A body left half-read is destroyed below, and undici then emits "Request aborted" on it: expected, and
      // errors while reading reach `consume` through the iteration anyway.
      response.body.on('error', () => {});
      try {
        const { headers } = response;
        const body = await decodeContentEncoding(response.body, headers['content-encoding']);
        return await consume({ requestedUrl, finalUrl: hop.url.href, statusCode: response.statusCode, headers, body, redirects });
      } finally {
        response.body.destroy();
      }
    });
  }

  /** Follows redirects under the policy and the deadline, then lets `finish` read the final answer. */
  async #exchange<T>(
    options: HttpRequestOptions,
    finish: (response: HopResponse, hop: Hop, redirects: string[], requestedUrl: string) => Promise<T>,
  ): Promise<T> {
    let hop = this.#firstHop(options); // scheme and IP literals are refused before any connection
    const requestedUrl = hop.url.href;
    const deadline = new RequestDeadline(options.timeoutMs, requestedUrl, options.signal);
    const redirects: string[] = [];
    try {
      for (;;) {
        const response = await this.#send(hop, deadline.signal);
        const next = options.followRedirects === false ? undefined : this.#redirectTarget(hop, response, redirects.length);
        if (!next) return await finish(response, hop, redirects, requestedUrl);
        if (response.body.dump) await response.body.dump();
        else response.body.destroy();
        redirects.push(hop.url.href);
        hop = next;
      }
    } catch (error) {
      // The deadline or the caller's abort explains any error it caused; a policy refusal inside the socket
      // lookup arrives wrapped by net/undici and must surface as url_not_allowed, not as a network failure.
      throw deadline.reason ?? findScrapioError(error) ?? toNetworkError(error, hop.url);
    } finally {
      deadline.dispose();
    }
  }

  /** One hop: over the network, or through the recorder (answered from a recording, or fetched and recorded). */
  async #send(hop: Hop, signal: AbortSignal): Promise<HopResponse> {
    const { recorder } = this.#options;
    const exchange = { method: hop.method, url: hop.url.href, body: hop.body };
    const recorded = recorder?.replay(exchange);
    if (recorded) return replayedHop(recorded.status, recorded.headers, recorded.body);
    const response = await request(hop.url, { dispatcher: this.#agent, method: hop.method, headers: hop.headers, body: hop.body, signal });
    const headers = flattenHeaders(response.headers);
    if (!recorder) return { statusCode: response.statusCode, headers, body: response.body };
    // Stored decoded, so the file shows the page itself; the encoding headers no longer describe that body.
    const body = await readResponseBody(response.body, headers['content-encoding'], this.#options.recordMaxBytes ?? this.#options.maxResponseBytes);
    for (const name of UNRECORDED_HEADERS) delete headers[name];
    recorder.record(exchange, { status: response.statusCode, headers, body });
    return replayedHop(response.statusCode, headers, body);
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  #firstHop(options: HttpRequestOptions): Hop {
    const headers: Record<string, string> = {
      'user-agent': this.#options.userAgent,
      accept: DEFAULT_ACCEPT,
      'accept-language': 'en',
      'accept-encoding': ACCEPT_ENCODING,
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    return { url: this.#options.policy.assertUrlAllowed(options.url), method: options.method ?? 'GET', headers, body: options.body };
  }

  /** The next hop when this answer is a redirect to follow; every target goes through the policy again. */
  #redirectTarget(hop: Hop, response: HopResponse, hopsSoFar: number): Hop | undefined {
    const location = response.headers.location?.split(', ')[0];
    if (!REDIRECT_STATUSES.has(response.statusCode) || !location) return undefined;
    if (hopsSoFar >= this.#options.maxRedirects) {
      throw new ScrapioError(
        'target_unreachable',
        `Too many redirects: ${hop.url.href} still redirects after ${hopsSoFar} hops (http.maxRedirects is ${this.#options.maxRedirects}).`,
      );
    }
    let url: URL;
    try {
      url = new URL(location, hop.url);
    } catch (error) {
      throw new ScrapioError('target_unreachable', `${hop.url.href} redirected to an invalid Location: "${location}".`, { cause: error });
    }
    try {
      url = this.#options.policy.assertUrlAllowed(url);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ScrapioError('url_not_allowed', `Redirect from ${hop.url.href} to ${url.href} refused. ${reason}`, { cause: error });
    }

    // 303 always, and 301/302 after a POST (what browsers do), repeat the request as a GET without body.
    const toGet = response.statusCode === 303 ? hop.method !== 'HEAD' : response.statusCode <= 302 && hop.method === 'POST';
    const headers = { ...hop.headers };
    if (toGet) for (const name of BODY_HEADERS) delete headers[name];
    if (url.origin !== hop.url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
    return { url, method: toGet ? 'GET' : hop.method, headers, body: toGet ? undefined : hop.body };
  }
}

async function toDocument(requestedUrl: string, hop: Hop, response: HopResponse, redirects: string[], maxBytes: number): Promise<FetchedDocument> {
  const { headers } = response;
  // Refuse up front what announces itself as too large (a HEAD's Content-Length describes a body never sent).
  if (hop.method !== 'HEAD' && Number(headers['content-length']) > maxBytes) {
    response.body.destroy();
    throw bodyTooLarge(maxBytes);
  }
  const body = await readResponseBody(response.body, headers['content-encoding'], maxBytes);
  const contentTypeHeader = headers['content-type'] ?? '';
  const contentType = contentTypeHeader.split(';')[0].trim().toLowerCase();
  return {
    requestedUrl,
    finalUrl: hop.url.href,
    statusCode: response.statusCode,
    headers,
    contentType,
    body,
    text: decodeBody(body, contentType, contentTypeHeader),
    redirects,
  };
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function replayedHop(statusCode: number, headers: Record<string, string>, body: Buffer): HopResponse {
  return { statusCode, headers: { ...headers }, body: Readable.from(body.length > 0 ? [body] : []) };
}
