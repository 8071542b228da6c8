import { Router } from 'express';
import type { Clock } from '../../lib/clock';
import { ScrapioError } from '../../errors';
import type { FileStore } from '../../files/file-store';

/**
 * GET /v1/files/<tenant>/<name>?expires=&sig=: a screenshot by its signed URL. No API key is needed (the
 * signature is the capability, so the URL can be embedded or handed on); an invalid, foreign or expired
 * signature is a plain 404, revealing nothing.
 */
export function fileRoutes(files: FileStore, clock: Clock): Router {
  const router = Router();
  router.get('/v1/files/:tenant/:name', (req, res, next) => {
    const { expires, sig } = req.query as { expires?: string; sig?: string };
    const file = files.verify(req.params.tenant, req.params.name, expires, sig, clock.now());
    if (!file) {
      next(new ScrapioError('not_found', 'No such file, or its signed URL has expired (files are kept as long as job results).'));
      return;
    }
    res.type('image/png').setHeader('Cache-Control', 'private, max-age=3600');
    res.sendFile(file, (error) => {
      if (error && !res.headersSent) next(new ScrapioError('not_found', 'The file has been deleted (retention).'));
    });
  });
  return router;
}
