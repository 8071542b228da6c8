import type { RequestHandler } from 'express';
import { ScrapioError } from '../../errors';
import type { ApiKeys } from '../api-keys';

/** `Authorization: Bearer <key>` on every /v1 route; the key's tenant scopes everything the request touches. */
export function requireApiKey(keys: ApiKeys): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (!header) {
      next(new ScrapioError('missing_api_key', 'Missing API key: send the header "Authorization: Bearer <your key>".'));
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const tenant = match ? keys.tenantOf(match[1]) : undefined;
    if (!tenant) {
      next(
        new ScrapioError(
          'invalid_api_key',
          'Invalid API key: the Authorization header must be "Bearer <key>" with a key configured on this server (auth.apiKeys or SCRAPIO_API_KEYS).',
        ),
      );
      return;
    }
    res.locals.tenant = tenant;
    next();
  };
}
