import { systemTimers, type Clock, type Timers } from '../lib/clock';
import type { Config } from '../config/config-schema';
import type { HttpClient } from '../engine/http/http-client';
import { coerceError } from '../errors';
import type { Logger } from '../logger';
import type { WebhookRecorder } from '../telemetry/metrics';
import { signatureHeader } from './signature';
import type { DeliveryRow, WebhookStore } from './webhook-store';
import type { WebhookSecrets } from './webhook-secrets';

const BATCH = 20;
const TICK_MS = 1000;

export interface WebhookDispatcherDeps {
  store: WebhookStore;
  /** Only request() is used (tests pass a fake). */
  http: Pick<HttpClient, 'request'>;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** The per-tenant HMAC secrets of the Scrapio-Signature header. */
  secrets: Pick<WebhookSecrets, 'secretFor'>;
  /** The round tick; tests pass a fake clock. Default: Node's timers. */
  timers?: Timers;
  /** Each attempt's outcome (none recorded when absent). */
  metrics?: WebhookRecorder;
}

/**
 * Works off the webhook outbox: POSTs each due delivery (through the HTTP client, so the SSRF policy
 * applies), and on failure schedules the next attempt with capped exponential backoff. The outbox lives in
 * SQLite, so deliveries survive restarts.
 */
export class WebhookDispatcher {
  readonly #deps: WebhookDispatcherDeps;
  readonly #timers: Timers;
  #timer?: unknown;
  #running?: Promise<void>;
  #stopped = true;

  constructor(deps: WebhookDispatcherDeps) {
    this.#deps = deps;
    this.#timers = deps.timers ?? systemTimers;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#scheduleTick();
  }

  #scheduleTick(): void {
    this.#timer = this.#timers.setTimeout(
      () => {
        if (this.#stopped) return;
        this.#scheduleTick();
        void this.kick();
      },
      TICK_MS,
      { background: true },
    );
  }

  /**
   * Runs a delivery round now (on every tick); a round already running is not started twice. Resolves when
   * that round is over (it never rejects: a failed round is logged and the next tick tries again).
   */
  kick(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#running ??= this.#deliverDue()
      .catch((error: unknown) => this.#deps.logger.error({ err: error }, 'webhook round failed'))
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timers.clearTimeout(this.#timer);
    await this.#running;
  }

  async #deliverDue(): Promise<void> {
    const due = await this.#deps.store.due(this.#deps.clock.now(), BATCH);
    await Promise.all(due.map((delivery) => this.#deliver(delivery)));
  }

  async #deliver(delivery: DeliveryRow): Promise<void> {
    const { store, http, config, clock, logger, secrets } = this.#deps;
    const attempt = delivery.attempt + 1;
    const now = clock.now();
    if (delivery.tenant === null) {
      // Written before migration 006 for a job already pruned then: no tenant, so no secret its receiver knows.
      await store.markAttemptFailed(delivery.id, attempt, 'the job of this delivery no longer exists, so its tenant (and secret) is unknown', null);
      return;
    }
    try {
      const response = await http.request({
        url: delivery.url,
        method: 'POST',
        body: delivery.payload,
        headers: {
          'content-type': 'application/json',
          'scrapio-signature': signatureHeader(secrets.secretFor(delivery.tenant), delivery.payload, Math.floor(now / 1000)),
        },
        timeoutMs: config.webhooks.timeoutMs,
        followRedirects: false,
        maxResponseBytes: 64 * 1024,
      });
      if (response.statusCode >= 200 && response.statusCode < 300) {
        await store.markDelivered(delivery.id, attempt, clock.now());
        this.#deps.metrics?.deliveryAttempt('delivered');
        return;
      }
      await this.#retryLater(delivery, attempt, `HTTP ${response.statusCode}`);
    } catch (thrown) {
      await this.#retryLater(delivery, attempt, coerceError(thrown).message);
    }
    logger.debug({ job_id: delivery.job_id, attempt }, 'webhook delivery attempt failed');
  }

  async #retryLater(delivery: DeliveryRow, attempt: number, error: string): Promise<void> {
    const { store, config, clock, logger } = this.#deps;
    const { maxAttempts, initialBackoffMs, maxBackoffMs } = config.webhooks;
    if (attempt >= maxAttempts) {
      logger.warn({ job_id: delivery.job_id, attempts: attempt, error }, 'webhook delivery abandoned');
      await store.markAttemptFailed(delivery.id, attempt, error, null);
      this.#deps.metrics?.deliveryAttempt('abandoned');
      return;
    }
    const backoff = Math.min(maxBackoffMs, initialBackoffMs * 2 ** (attempt - 1));
    await store.markAttemptFailed(delivery.id, attempt, error, clock.now() + backoff);
    this.#deps.metrics?.deliveryAttempt('retry');
  }
}
