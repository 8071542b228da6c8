import { Router } from 'express';
import type { WebhookSecrets } from '../../webhooks/webhook-secrets';
import { locals, tenantOf } from '../request-locals';

/**
 * EXT GET /v1/webhooks/secret: the caller's own webhook signing secret, to verify the Scrapio-Signature
 * of its deliveries. Each API key sees only its own. Kept under compat.strict too: without it no
 * delivery could be verified.
 */
export function webhookRoutes(secrets: Pick<WebhookSecrets, 'secretFor'>): Router {
  const router = Router();
  router.get('/secret', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ request_id: locals(res).requestId, secret: secrets.secretFor(tenantOf(res)), signature_header: 'Scrapio-Signature' });
  });
  return router;
}
