import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { ScrapioError } from '../errors';
import { canonicalJson } from '../lib/canonical-json';

/** Keys are ≤ 255 printable ASCII characters (API.md §4). */
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

/** The Idempotency-Key header of a request with its fingerprint (method + path + canonical JSON body), if sent. */
export function idempotencyOf(req: Request, body: unknown): { key: string; fingerprint: string } | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  return idempotencyFor(key, `${req.method} ${req.baseUrl}${req.path}`, body);
}

/** The same for a request that did not come over HTTP (an MCP tool call naming the route it stands for). */
export function idempotencyFor(key: string, route: string, body: unknown): { key: string; fingerprint: string } {
  if (!VALID_KEY.test(key)) {
    throw new ScrapioError('invalid_request', 'Idempotency-Key must be 1 to 255 printable ASCII characters.');
  }
  const fingerprint = createHash('sha256')
    .update(`${route}\n${canonicalJson(body)}`)
    .digest('hex');
  return { key, fingerprint };
}
