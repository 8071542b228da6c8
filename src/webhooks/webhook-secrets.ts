import { createHmac } from 'node:crypto';

/**
 * Each tenant's webhook signing secret, derived from the server's master secret (config webhooks.secret, or
 * dataDir/webhook-secret): HMAC-SHA256(master, tenant id). A tenant learns only its own secret (GET
 * /v1/webhooks/secret), so it cannot sign a payload another tenant's receiver would accept. Derived rather
 * than stored: nothing to migrate, and rotating the master rotates every tenant's secret at once.
 */
export class WebhookSecrets {
  readonly #master: string;

  constructor(master: string) {
    this.#master = master;
  }

  secretFor(tenant: string): string {
    return `whsec_${createHmac('sha256', this.#master).update(`webhook-secret:${tenant}`, 'utf8').digest('base64url')}`;
  }
}
