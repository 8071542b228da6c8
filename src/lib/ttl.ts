/** Retention arithmetic in one place: config speaks seconds (retention.resultTtlSeconds), rows store epoch ms. */
export function ttlMs(ttlSeconds: number): number {
  return ttlSeconds * 1000;
}

/** When something stored at `nowMs` expires under a TTL of `ttlSeconds`. */
export function expiresAt(nowMs: number, ttlSeconds: number): number {
  return nowMs + ttlMs(ttlSeconds);
}
