import type { Clock } from '../lib/clock';
import type { Config } from '../config/config-schema';
import type { HttpClient } from '../engine/http/http-client';
import { coerceError } from '../errors';
import type { Logger } from '../logger';
import type { WebhookRecorder } from '../telemetry/metrics';
import { signatureHeader } from './signature';
import type { DeliveryRow, WebhookStore } from './webhook-store';

const BATCH = 20;
const TICK_MS = 1000;

export interface WebhookDispatcherDeps {
  store: WebhookStore;
  http: HttpClient;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** HMAC secret of the Scrapio-Signature header. */
  secret: string;
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
  #timer?: NodeJS.Timeout;
  #running?: Promise<void>;
  #stopped = true;

  constructor(deps: WebhookDispatcherDeps) {
    this.#deps = deps;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#timer = setInterval(() => this.kick(), TICK_MS);
    this.#timer.unref();
  }

  /** Runs a delivery round now (called when a job ends, and on every tick). */
  kick(): void {
    if (this.#stopped || this.#running) return;
    this.#running = this.#deliverDue()
      .catch((error: unknown) => this.#deps.logger.error({ err: error }, 'webhook round failed'))
      .finally(() => {
        this.#running = undefined;
      });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }

  async #deliverDue(): Promise<void> {
    const due = await this.#deps.store.due(this.#deps.clock.now(), BATCH);
    await Promise.all(due.map((delivery) => this.#deliver(delivery)));
  }

  async #deliver(delivery: DeliveryRow): Promise<void> {
    const { store, http, config, clock, logger, secret } = this.#deps;
    const attempt = delivery.attempt + 1;
    const now = clock.now();
    try {
      const response = await http.request({
        url: delivery.url,
        method: 'POST',
        body: delivery.payload,
        headers: {
          'content-type': 'application/json',
          'scrapio-signature': signatureHeader(secret, delivery.payload, Math.floor(now / 1000)),
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
