import { setCreditsBody } from '../../routes/account';
import type { OperationSpec } from '../operation';

/** EXT GET /v1/me and POST /v1/account/credits (routes/account.ts). */
export const accountOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/v1/me',
    operationId: 'getMe',
    summary: "The calling API key's tenant and its emulated credits",
    tags: ['Account'],
    extension: true,
    responses: { '200': 'The tenant and its billing (credits_remaining, daily_cap, used_today; null when not charged).' },
  },
  {
    method: 'post',
    path: '/v1/account/credits',
    operationId: 'setAccountCredits',
    summary:
      "Set an API key's emulated credits. Authorization: Bearer <billing.adminKey> (not an API key); 404 unless billing.mode is emulate and an admin key is set",
    tags: ['Account'],
    extension: true,
    body: setCreditsBody,
    responses: { '200': "The key's tenant and its billing after the change." },
  },
];
