import type { Response } from 'express';
import type { ScrapioError } from '../errors';
import { locals } from './request-locals';

/** Sends the error envelope of API.md §2 (the v1 ErrorResponse), with Retry-After when the error has one. */
export function sendError(res: Response, error: ScrapioError, diagnostics?: unknown): void {
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  const body = errorBody(locals(res).requestId, error);
  const shown = diagnostics ?? (error.status >= 500 || error.blocked !== undefined || error.timedOut ? error.diagnostics() : undefined);
  if (shown) body.diagnostics = shown;
  res.status(error.status).json(body);
}

/** The envelope's body, also written raw by the HTTP layer for requests that never reach Express. */
export function errorBody(requestId: string, error: ScrapioError): Record<string, unknown> {
  return { request_id: requestId, error: { code: error.code, message: error.message } };
}
