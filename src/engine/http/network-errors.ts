import { ScrapioError } from '../../errors';

/** Turns what undici and node:net throw into ScrapioErrors that name the host and the cause. */

/**
 * The ScrapioError raised on our side (a policy refusal in the socket lookup) inside whatever wrapped it:
 * undici passes connect errors through, but autoSelectFamily may gather them in an AggregateError.
 */
export function findScrapioError(error: unknown): ScrapioError | undefined {
  const pending = [error];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const current = pending.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (current instanceof ScrapioError) return current;
    pending.push((current as { cause?: unknown }).cause);
    if (current instanceof AggregateError) pending.push(...current.errors);
  }
  return undefined;
}

/**
 * DNS failures, refused or reset connections, TLS and protocol errors become target_unreachable (502,
 * retryable); an argument undici rejects (e.g. a caller header with a newline) becomes invalid_request.
 * Errors without a code are not network failures and are returned unchanged (coerceError reports them).
 */
export function toNetworkError(error: unknown, url: URL): unknown {
  const code = errorCode(error);
  if (code === undefined) return error;
  const message = (error as Error).message;
  if (code === 'UND_ERR_INVALID_ARG') {
    return new ScrapioError('invalid_request', `The request to ${url.href} could not be sent: ${message}.`, { cause: error });
  }
  return new ScrapioError('target_unreachable', `Could not fetch ${url.href}: ${describe(code, url)} (${code}: ${message}).`, {
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  const candidates = [error, (error as { cause?: unknown })?.cause];
  if (error instanceof AggregateError) candidates.push(...error.errors);
  for (const candidate of candidates) {
    const code = (candidate as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function describe(code: string, url: URL): string {
  const host = url.hostname;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (code === 'ENOTFOUND' || code.startsWith('EAI_')) return `the DNS lookup of ${host} failed`;
  if (code === 'ECONNREFUSED') return `${host}:${port} refused the connection`;
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return `the connection to ${host} closed unexpectedly`;
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return `connecting to ${host}:${port} timed out`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${host} is unreachable from this server`;
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$)/.test(code)) return `the TLS connection to ${host} failed`;
  if (code.startsWith('HPE_') || code.startsWith('UND_ERR_')) return `${host} sent an invalid HTTP response`;
  return `the request to ${host} failed`;
}
