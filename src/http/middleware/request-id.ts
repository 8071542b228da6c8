import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../logger';

/** Gives every request a UUID, echoed as X-Request-Id and in every body, a child logger that carries it, and one log line. */
export function requestId(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    res.locals.requestId = id;
    res.locals.logger = logger.child({ request_id: id });
    res.setHeader('X-Request-Id', id);
    const startedAt = process.hrtime.bigint();
    // On 'close', not 'finish': a request whose client gave up before the answer is logged too (aborted: true),
    // so slow requests cannot vanish from the log exactly when they matter.
    res.on('close', () => {
      const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      const aborted = !res.writableFinished;
      res.locals.logger.info(
        { method: req.method, path: pathOf(req.originalUrl), status: aborted ? null : res.statusCode, duration_ms: Math.round(durationMs), aborted },
        aborted ? 'request aborted by the client before the answer' : 'request',
      );
    });
    next();
  };
}

/** The full path (req.path loses a router's mount prefix such as /v1), without the query (it can carry signatures). */
function pathOf(originalUrl: string): string {
  const query = originalUrl.indexOf('?');
  return query === -1 ? originalUrl : originalUrl.slice(0, query);
}
