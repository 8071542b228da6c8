/**
 * One catalogue of coded errors. Everything the server refuses or fails with is a ScrapioError; the error
 * middleware turns it into the envelope of API.md §2, and the job runner stores its code and message.
 */

export type ErrorCode =
  | 'invalid_request'
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'idempotency_conflict'
  | 'job_not_ready'
  | 'job_failed'
  | 'job_not_found'
  | 'extraction_failed'
  | 'extraction_validation_error'
  | 'target_blocked'
  | 'timeout'
  | 'proxy_unavailable'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'headers_too_large'
  | 'request_timeout'
  | 'unsupported_media_type'
  | 'url_not_allowed'
  | 'rate_limited'
  | 'credits_exhausted'
  | 'daily_credit_cap_exceeded'
  | 'overloaded'
  | 'browser_unavailable'
  | 'target_unreachable'
  | 'session_busy'
  | 'session_expired'
  | 'not_implemented'
  | 'cancelled'
  | 'llm_unavailable'
  | 'schema_validation_failed'
  | 'internal_error';

/** HTTP status and retry class for each code: the single place where these are decided. */
const CATALOGUE: Record<ErrorCode, { status: number; retryable: boolean }> = {
  invalid_request: { status: 400, retryable: false },
  missing_api_key: { status: 401, retryable: false },
  invalid_api_key: { status: 401, retryable: false },
  idempotency_conflict: { status: 409, retryable: false },
  job_not_ready: { status: 409, retryable: true },
  job_failed: { status: 409, retryable: false },
  job_not_found: { status: 404, retryable: false },
  extraction_failed: { status: 422, retryable: false },
  extraction_validation_error: { status: 422, retryable: false },
  target_blocked: { status: 502, retryable: true },
  timeout: { status: 504, retryable: true },
  proxy_unavailable: { status: 503, retryable: true },
  not_found: { status: 404, retryable: false },
  method_not_allowed: { status: 405, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  /** The request line or headers exceed Node's limit (--max-http-header-size, 16 KiB): answered before routing. */
  headers_too_large: { status: 431, retryable: false },
  /** The client sent its request too slowly (Node's server.requestTimeout / headersTimeout). */
  request_timeout: { status: 408, retryable: true },
  unsupported_media_type: { status: 415, retryable: false },
  url_not_allowed: { status: 400, retryable: false },
  rate_limited: { status: 429, retryable: true },
  /** billing.mode "emulate": the key's credit balance is lower than the request's cost (hosted: 402 Payment Required). */
  credits_exhausted: { status: 402, retryable: false },
  /** billing.mode "emulate": the request would take the key past its daily credit cap; Retry-After says when the UTC day ends. */
  daily_credit_cap_exceeded: { status: 429, retryable: true },
  overloaded: { status: 503, retryable: true },
  browser_unavailable: { status: 503, retryable: false },
  target_unreachable: { status: 502, retryable: true },
  session_busy: { status: 409, retryable: true },
  session_expired: { status: 410, retryable: false },
  not_implemented: { status: 501, retryable: false },
  cancelled: { status: 409, retryable: false },
  /** The configured model is unreachable, rate-limited or refused; 422 (non-retryable) when no model is configured. */
  llm_unavailable: { status: 502, retryable: true },
  /** The model's answer did not match the requested schema, even after one repair round. */
  schema_validation_failed: { status: 422, retryable: false },
  internal_error: { status: 500, retryable: true },
};

/** Rebuilds the error of a failed job from its stored code and message (shown by an inline request). */
export function errorFromStored(code: string | null, message: string | null): ScrapioError {
  const known = code !== null && Object.prototype.hasOwnProperty.call(CATALOGUE, code);
  return new ScrapioError(known ? (code as ErrorCode) : 'internal_error', message ?? 'The job failed.');
}

export interface ScrapioErrorOptions {
  /** Overrides the catalogue's status, for a code that means two things (llm_unavailable: 502, or 422 when no model is configured). */
  status?: number;
  /** Overrides the catalogue's retry class (e.g. a 5xx from the target is retryable, a 4xx is not). */
  retryable?: boolean;
  blocked?: boolean;
  timedOut?: boolean;
  /** Seconds, sent as the Retry-After header (rate_limited, overloaded). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class ScrapioError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly blocked?: boolean;
  readonly timedOut?: boolean;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: ScrapioErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ScrapioError';
    this.code = code;
    this.status = options.status ?? CATALOGUE[code].status;
    this.retryable = options.retryable ?? CATALOGUE[code].retryable;
    this.blocked = options.blocked;
    this.timedOut = options.timedOut;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The `diagnostics` block of the error envelope (FetchFailureDiagnostics in the v1 spec). */
  diagnostics(): FailureDiagnostics {
    const diagnostics: FailureDiagnostics = { outcome: 'failed', retryable: this.retryable };
    if (this.blocked !== undefined) diagnostics.blocked = this.blocked;
    if (this.timedOut !== undefined) diagnostics.timed_out = this.timedOut;
    return diagnostics;
  }
}

export interface FailureDiagnostics {
  outcome: 'failed';
  retryable: boolean;
  blocked?: boolean;
  timed_out?: boolean;
}

/** Normalises anything thrown into a ScrapioError, keeping the original as `cause`. */
export function coerceError(thrown: unknown): ScrapioError {
  if (thrown instanceof ScrapioError) return thrown;
  if (isAbortError(thrown)) {
    return new ScrapioError('timeout', 'The operation was aborted before it finished (timeout_ms or cancellation).', {
      timedOut: true,
      cause: thrown,
    });
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new ScrapioError('internal_error', `Unexpected error: ${message}`, { cause: thrown });
}

export function isAbortError(thrown: unknown): boolean {
  return thrown instanceof Error && (thrown.name === 'AbortError' || thrown.name === 'TimeoutError' || (thrown as { code?: string }).code === 'ABORT_ERR');
}
