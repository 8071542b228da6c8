import { keyOf, type ExchangeKey } from './exchange-key';

/**
 * One recorded exchange as a JSON file a person can read and edit: the request key, the response's status,
 * headers and body. Text bodies (valid UTF-8 of a text-like type) are stored as text, anything else as base64.
 * Bodies are stored decoded (no Content-Encoding), so what is in the file is what the page was.
 */

export interface RecordedResponse {
  status: number;
  /** Lower-case names; hop-by-hop and encoding headers left out. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface ExchangeFile {
  key: string;
  request: { method: string; url: string; bodySha256?: string };
  response: { status: number; headers: Record<string, string>; bodyText?: string; bodyBase64?: string };
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|ecmascript|x-javascript|ld\+json|rss\+xml|atom\+xml|xhtml\+xml)|image\/svg\+xml)|\+json$|\+xml$/;

export function toExchangeFile(key: ExchangeKey, response: RecordedResponse): ExchangeFile {
  const contentType = (response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const text = TEXT_TYPES.test(contentType) || response.body.length === 0 ? asUtf8(response.body) : undefined;
  return {
    key: key.key,
    request: { method: key.method, url: key.url, ...(key.bodySha256 === undefined ? {} : { bodySha256: key.bodySha256 }) },
    response: {
      status: response.status,
      headers: sortedHeaders(response.headers),
      ...(text === undefined ? { bodyBase64: response.body.toString('base64') } : { bodyText: text }),
    },
  };
}

/** Reads a file back (a plain Error names a malformed one: found at startup); its key is recomputed from the request part, so an edited URL is matched as edited. */
export function fromExchangeFile(file: unknown, name: string): { key: ExchangeKey; response: RecordedResponse } {
  const invalid = (what: string) => new Error(`Recording ${name} is not a valid exchange file: ${what}.`);
  if (typeof file !== 'object' || file === null) throw invalid('not a JSON object');
  const { request, response } = file as Partial<ExchangeFile>;
  if (!request || typeof request.method !== 'string' || typeof request.url !== 'string') throw invalid('request.method and request.url are required');
  if (!response || !Number.isInteger(response.status)) throw invalid('response.status must be an integer');
  const headers: Record<string, string> = {};
  for (const [headerName, value] of Object.entries(response.headers ?? {})) headers[headerName.toLowerCase()] = String(value);
  const body =
    typeof response.bodyText === 'string'
      ? Buffer.from(response.bodyText, 'utf8')
      : typeof response.bodyBase64 === 'string'
        ? Buffer.from(response.bodyBase64, 'base64')
        : Buffer.alloc(0);
  return { key: keyOf(request.method.toUpperCase(), request.url, request.bodySha256), response: { status: response.status, headers, body } };
}

function asUtf8(body: Buffer): string | undefined {
  const text = body.toString('utf8');
  // Stored as text only when it comes back byte for byte (no invalid sequences replaced).
  return Buffer.from(text, 'utf8').equals(body) ? text : undefined;
}

function sortedHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
