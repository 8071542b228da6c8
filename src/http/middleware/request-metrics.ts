import type { Request, RequestHandler } from 'express';
import type { RequestRecorder } from '../../telemetry/metrics';

/** The route label of requests no route matched (404s of unknown paths): one value, never the raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Observes each request's duration by route pattern, method and status once the response is done (or the
 * client gave up: status "aborted"). The pattern is taken when Express assigns `req.route`, because only then
 * is `req.baseUrl` the mount path of the route's router (`/v1/jobs` + `/:id`); by the time an error reaches
 * the app's error handler Express has reset it.
 */
export function requestMetrics(recorder: RequestRecorder): RequestHandler {
  return (req, res, next) => {
    const startedAt = process.hrtime.bigint();
    let route = UNMATCHED_ROUTE;
    let matched: Request['route'];
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => matched,
      set: (value: Request['route']) => {
        matched = value;
        if (value && typeof value.path === 'string') route = value.path === '/' && req.baseUrl !== '' ? req.baseUrl : `${req.baseUrl}${value.path}`;
      },
    });
    res.on('close', () => {
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      recorder.observeRequest({ route, method: req.method, status }, Number(process.hrtime.bigint() - startedAt) / 1e9);
    });
    next();
  };
}
