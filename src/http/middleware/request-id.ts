import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../logger';

/** Gives every request a UUID, echoed as X-Request-Id and in every body, and a child logger that carries it. */
export function requestId(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    res.locals.requestId = id;
    res.locals.logger = logger.child({ request_id: id });
    res.setHeader('X-Request-Id', id);
    const startedAt = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      res.locals.logger.info({ method: req.method, path: req.path, status: res.statusCode, duration_ms: Math.round(durationMs) }, 'request');
    });
    next();
  };
}
