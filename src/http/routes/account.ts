import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { CreditLedger } from '../../billing/credit-ledger';
import type { Config } from '../../config/config-schema';
import { ScrapioError } from '../../errors';
import type { ApiKeys } from '../api-keys';
import { jsonBody } from '../middleware/json-body';
import { locals, tenantOf } from '../request-locals';
import { requireObjectBody, validateInput } from '../validate-input';

export const setCreditsBody = z.strictObject({
  api_key: z.string().min(1),
  credits: z.number().int().min(0),
  /** null removes the cap; absent keeps the current one. */
  daily_cap: z.number().int().min(0).nullable().optional(),
});

/** EXT GET /v1/me: the calling key's tenant and its emulated credits (shape ours; the hosted clients read a /v1/me). */
export function meRoutes(billing: Config['billing'], credits: CreditLedger): Router {
  const router = Router();
  router.get('/me', async (_req, res) => {
    const tenant = tenantOf(res);
    await sendAccount(res, tenant, billing, credits);
  });
  return router;
}

/**
 * EXT POST /v1/account/credits `{api_key, credits, daily_cap?}`: sets a key's balance, so a test can drive its
 * client into low-balance handling. Authorised by billing.adminKey (never by an API key); 404 unless billing
 * emulates credits and an admin key is configured.
 */
export function accountAdminRoutes(billing: Config['billing'], credits: CreditLedger, apiKeys: ApiKeys, bodyLimitBytes: number): Router {
  const router = Router();
  router.post('/credits', ...jsonBody(bodyLimitBytes), async (req, res) => {
    if (billing.mode !== 'emulate' || billing.adminKey === undefined) {
      throw new ScrapioError(
        'not_found',
        'POST /v1/account/credits is available only with billing.mode "emulate" and billing.adminKey (or SCRAPIO_BILLING_ADMIN_KEY) set.',
      );
    }
    assertAdmin(req.get('authorization'), billing.adminKey);
    const body = validateInput(setCreditsBody, requireObjectBody(req.body));
    const tenant = apiKeys.tenantOf(body.api_key);
    if (!tenant) throw new ScrapioError('invalid_request', 'api_key: not one of the API keys configured on this server (auth.apiKeys).');
    const current = await credits.account(tenant);
    const dailyCap = body.daily_cap === undefined ? (current?.dailyCap ?? null) : body.daily_cap;
    await credits.setAccount(tenant, body.credits, dailyCap);
    await sendAccount(res, tenant, billing, credits);
  });
  return router;
}

function assertAdmin(header: string | undefined, adminKey: string): void {
  if (!header) throw new ScrapioError('missing_api_key', 'Missing admin key: send "Authorization: Bearer <billing.adminKey>".');
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
  // Compared as digests, in constant time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  if (!timingSafeEqual(digest(presented), digest(adminKey))) {
    throw new ScrapioError('invalid_api_key', 'Invalid admin key: POST /v1/account/credits takes "Authorization: Bearer <billing.adminKey>", not an API key.');
  }
}

async function sendAccount(res: Response, tenant: string, billing: Config['billing'], credits: CreditLedger): Promise<void> {
  const account = billing.mode === 'emulate' ? await credits.account(tenant) : undefined;
  res.setHeader('Cache-Control', 'no-store');
  res.json({
    request_id: locals(res).requestId,
    tenant,
    billing: {
      mode: billing.mode,
      // null: this key is not charged (billing off, or a key not listed in billing.keys).
      credits_remaining: account?.balance ?? null,
      daily_cap: account?.dailyCap ?? null,
      used_today: account?.usedToday ?? null,
    },
  });
}
