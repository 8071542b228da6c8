import express, { type RequestHandler } from 'express';
import { ScrapioError } from '../../errors';

/**
 * JSON bodies only, up to the configured limit. A body of another type is 415; no body at all is fine here
 * (the route decides whether it needs one).
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const hasBody = (req: Parameters<RequestHandler>[0]) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  const requireJsonType: RequestHandler = (req, _res, next) => {
    if (hasBody(req) && !req.is('application/json') && !req.is('application/*+json')) {
      next(
        new ScrapioError(
          'unsupported_media_type',
          `Request bodies must be JSON: send "Content-Type: application/json" (got "${req.get('content-type') ?? 'none'}").`,
        ),
      );
      return;
    }
    next();
  };
  return [requireJsonType, express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'], strict: false })];
}

/** Maps body-parser's errors onto the catalogue, so they reach the client in the usual envelope. */
export function bodyParserError(error: unknown, limitBytes: number): ScrapioError | undefined {
  const type = (error as { type?: string } | null)?.type;
  switch (type) {
    case 'entity.too.large':
      return new ScrapioError('payload_too_large', `Request body exceeds the limit of ${limitBytes} bytes (config server.bodyLimitBytes).`);
    case 'entity.parse.failed':
      return new ScrapioError('invalid_request', `Malformed JSON in the request body: ${(error as Error).message}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ScrapioError('unsupported_media_type', (error as Error).message);
    case 'request.aborted':
      return new ScrapioError('invalid_request', 'The request body was aborted by the client.');
    default:
      return undefined;
  }
}
