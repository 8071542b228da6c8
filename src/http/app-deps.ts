import type { Clock } from '../lib/clock';
import type { CreditLedger } from '../billing/credit-ledger';
import type { Config } from '../config/config-schema';
import type { FileStore } from '../files/file-store';
import type { JobEvents } from '../jobs/job-events';
import type { JobService } from '../jobs/job-service';
import type { JobStore } from '../jobs/job-store';
import type { Logger } from '../logger';
import type { MonitorService } from '../monitors/monitor-service';
import type { RequestRecorder } from '../telemetry/metrics';
import type { SurfaceServices } from '../surfaces/registry';
import type { WebhookSecrets } from '../webhooks/webhook-secrets';
import type { ApiKeys } from './api-keys';
import type { Readiness } from './routes/health';
import type { MetricsSource } from './routes/metrics';
import type { ServerStatusSource } from './routes/server-status';

/** Everything the Express app needs, injected so supertest can build it without listen(). */
export interface AppDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  apiKeys: ApiKeys;
  jobs: JobService;
  store: JobStore;
  /** What the surfaces use (request-time checks, views), built once by main.ts. */
  services: SurfaceServices;
  readiness: Readiness;
  metrics: MetricsSource;
  /** Load figures for EXT GET /v1/server/status (the dashboard's health view). */
  serverStatus: ServerStatusSource;
  /** Where each request's duration goes (by route pattern, method, status). */
  requestMetrics: RequestRecorder;
  events: JobEvents;
  files: FileStore;
  /** EXT /v1/monitors. */
  monitors: MonitorService;
  /** Each tenant's own webhook signing secret (GET /v1/webhooks/secret). */
  webhookSecrets: Pick<WebhookSecrets, 'secretFor'>;
  /** Emulated credits (billing.mode "emulate"): GET /v1/me and POST /v1/account/credits. */
  credits: CreditLedger;
  /** http://host:port of this server once it listens (for absolute links such as result paging). */
  baseUrl(): string;
}
