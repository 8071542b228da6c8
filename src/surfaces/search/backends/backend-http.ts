import type { FetchedDocument } from '../../../extract/fetched-document';
import type { HttpClient } from '../../../engine/http/http-client';
import { ScrapioError } from '../../../errors';

/** The one HttpClient method backends use: every call goes through the SSRF policy like any fetch. */
export type SearchHttp = Pick<HttpClient, 'request'>;

export interface BackendRequest {
  /** Backend name, for error messages. */
  backend: string;
  url: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The config key of the backend's base URL, named when the backend answers 404. */
  baseUrlKey: string;
  /** How to fix a 4xx refusal (a missing key, a disabled API format), appended to its message. */
  refusalHint?: string;
}

/** GETs a backend URL and turns refusals into errors: a backend that says "no" must not look like "no results". */
export async function getFromBackend(http: SearchHttp, request: BackendRequest): Promise<FetchedDocument> {
  const document = await http.request({ url: request.url, headers: request.headers, timeoutMs: request.timeoutMs, signal: request.signal });
  const status = document.statusCode;
  const where = `The ${request.backend} search backend`;
  if (status === 429) {
    const retryAfter = document.headers['retry-after'];
    throw new ScrapioError(
      'target_blocked',
      `${where} rate-limited the request (HTTP 429${retryAfter ? `, Retry-After ${retryAfter}` : ''}); retry later or use another provider.`,
      {
        blocked: true,
        retryable: true,
      },
    );
  }
  if (status >= 500) {
    throw new ScrapioError('target_blocked', `${where} failed with HTTP ${status}; retry later.`, { retryable: true });
  }
  if (status === 404) {
    throw new ScrapioError('target_blocked', `${where} answered HTTP 404 at ${document.finalUrl}; check ${request.baseUrlKey}.`, { retryable: false });
  }
  if (status >= 400) {
    const hint = request.refusalHint ? `: ${request.refusalHint}` : '';
    throw new ScrapioError('target_blocked', `${where} refused the request with HTTP ${status}${hint}.`, { blocked: true, retryable: false });
  }
  return document;
}

/** The JSON body of a backend answer; anything else means the API is not what this backend speaks. */
export function backendJson(backend: string, document: FetchedDocument): unknown {
  try {
    return JSON.parse(document.text ?? document.body.toString('utf8'));
  } catch (error) {
    throw new ScrapioError(
      'extraction_failed',
      `The ${backend} search backend answered ${document.contentType || 'a body'} that is not JSON (${document.finalUrl}).`,
      { cause: error },
    );
  }
}
