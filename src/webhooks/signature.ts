import { createHmac } from 'node:crypto';

/** `Scrapio-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (API.md §4). */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}
