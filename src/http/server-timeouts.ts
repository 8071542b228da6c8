import type { Server } from 'node:http';

/**
 * Keep-alive connections stay open for `keepAliveTimeoutMs` of idleness instead of Node's 5 s, so a client
 * polling a job every few seconds reuses its connection instead of racing the server's close (the request it
 * sends as the server closes is lost: reset, never answered). headersTimeout must exceed keepAliveTimeout,
 * or Node cuts a kept-alive connection whose next request starts late.
 */
export function applyServerTimeouts(server: Server, keepAliveTimeoutMs: number): void {
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.headersTimeout = keepAliveTimeoutMs + 1000;
}
