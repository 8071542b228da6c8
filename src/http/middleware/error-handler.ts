import type { ErrorRequestHandler } from 'express';
import { coerceError } from '../../errors';
import { sendError } from '../error-envelope';
import { bodyParserError } from './json-body';

/** The one place where anything thrown in a route becomes the error envelope. */
export function errorHandler(bodyLimitBytes: number): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const scrapioError = bodyParserError(error, bodyLimitBytes) ?? coerceError(error);
    if (scrapioError.status >= 500 && scrapioError.code === 'internal_error') {
      res.locals.logger?.error({ err: error }, 'unhandled error in a route');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(res, scrapioError);
  };
}
