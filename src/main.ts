import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { Registry } from 'prom-client';
import { createApp } from './app';
import { ttlMs } from './lib/ttl';
import { systemClock, systemTimers, type Clock, type Timers } from './lib/clock';
import type { Config } from './config/config-schema';
import { CrawlStore } from './surfaces/crawl/crawl-store';
import { HostScheduler } from './engine/web/host-scheduler';
import { RobotsCache } from './engine/web/robots-cache';
import { openDatabase } from './db/database';
import { createSearchBackends } from './surfaces/search/backends/backend-registry';
import { LocalIndex } from './page-index/local-index';
import { HttpClient } from './engine/http/http-client';
import { NetworkPolicy } from './engine/network/network-policy';
import { TrafficRecorder } from './engine/recording/traffic-recorder';
import type { BrowserExchange } from './engine/browser/browser-recorded-requests';
import { buildOutputs } from './extract/build-outputs';
import { ExtractionPool } from './extract/extraction-pool';
import { OpenAiChatModel } from './extract/structured/llm-client';
import { StructuredExtractor } from './extract/structured/structured-extractor';
import { withStructuredExtraction } from './extract/structured/structured-outputs';
import { Semaphore } from './lib/semaphore';
import { BrowserPool } from './engine/browser/browser-pool';
import { processTreeMemory } from './engine/browser/process-tree-memory';
import type { SessionState } from './engine/browser/session-state';
import { FileStore } from './files/file-store';
import { AmazonClient } from './surfaces/amazon/amazon-client';
import { SitePageStore } from './surfaces/shared/site-page-store';
import { YouTubeClient } from './surfaces/youtube/youtube-client';
import { YouTubePageStore } from './surfaces/youtube/youtube-page-store';
import { WalmartClient } from './surfaces/walmart/walmart-client';
import { SessionStore } from './sessions/session-store';
import { ApiKeys, tenantIdOf } from './http/api-keys';
import { answerClientErrors } from './http/client-errors';
import { applyServerTimeouts } from './http/server-timeouts';
import { JobEvents } from './jobs/job-events';
import { JobService } from './jobs/job-service';
import { JobStore } from './jobs/job-store';
import { WorkerPool } from './jobs/worker-pool';
import { createLogger, type Logger } from './logger';
import { startPruneTask } from './scheduler/prune-task';
import { MonitorScheduler } from './monitors/monitor-scheduler';
import { MonitorService } from './monitors/monitor-service';
import { MonitorStore } from './monitors/monitor-store';
import { readOrCreateSecret } from './config/data-dir-secrets';
import type { SurfaceServices } from './surfaces/registry';
import { userAgentOf } from './version';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookSecrets } from './webhooks/webhook-secrets';
import { WebhookStore } from './webhooks/webhook-store';
import { renameTenants } from './db/rename-tenants';
import { createServerMetrics, timed } from './telemetry/metrics';
import { CreditLedger } from './billing/credit-ledger';
import { JobFaults } from './testing/faults/job-faults';

export interface RunningServer {
  url: string;
  port: number;
  /** Set when this start generated the API key (printed once by the CLI). */
  generatedApiKey?: string;
  apiKeySource: 'config' | 'data-dir';
  dataDir: string;
  /** Graceful: stop accepting, let running jobs finish within workers.shutdownGraceMs, requeue the rest, close SQLite. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** The monitor scheduler's tick (tests pass a fake clock with the same `clock`). Default: Node's timers. */
  timers?: Timers;
  /** The compiled extraction worker, for in-process tests under ts-jest (default: the one beside the built pool). */
  extractionWorkerFile?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The only place that wires the process together: config → db → recovery → pool, cron, webhooks → HTTP. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.log.level);
  const clock = options.clock ?? systemClock;
  const dataDir = path.resolve(config.server.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });

  const keys = resolveApiKeys(config, dataDir);
  // Three server secrets, one job each: tenant ids, the master of the per-tenant webhook secrets, file URLs.
  const tenantIdKey = readOrCreateSecret(dataDir, 'tenant-id-key').value;
  const apiKeys = new ApiKeys(keys.keys, tenantIdKey);
  const webhookSecrets = new WebhookSecrets(config.webhooks.secret ?? readOrCreateSecret(dataDir, 'webhook-secret', 'whsec_').value);
  const fileSigningKey = readOrCreateSecret(dataDir, 'file-signing-key').value;

  const database = await openDatabase(path.join(dataDir, 'scrapio.db'));
  const store = new JobStore(database.db);
  const webhookStore = new WebhookStore(database.db);
  const events = new JobEvents();
  const policy = new NetworkPolicy({ allow: [...config.network.allow] });
  const clientOptions = {
    policy,
    userAgent: config.http.userAgent ?? userAgentOf(),
    maxResponseBytes: config.http.maxResponseBytes,
    maxRedirects: config.http.maxRedirects,
  };
  const recorder = createTrafficRecorder(config);
  // Target traffic goes through the recorder; webhooks are the caller's own endpoint and always go out.
  const http = new HttpClient({ ...clientOptions, recorder, recordMaxBytes: Math.max(config.http.maxResponseBytes, config.crawl.sitemapMaxBytes) });
  const webhookHttp = recorder ? new HttpClient(clientOptions) : http;
  if (recorder) logger.info({ mode: recorder.mode, dir: recorder.dir }, 'recording or replaying target traffic');
  const crawlStore = new CrawlStore(database.db);
  const localIndex = new LocalIndex(database.db, clock);
  const youtubePages = new YouTubePageStore(database.db);
  const sitePages = new SitePageStore(database.db);
  const crawlUserAgent = config.crawl.userAgent ?? config.http.userAgent ?? userAgentOf();
  const browser = new BrowserPool({
    executablePath: config.browser.executablePath,
    maxConcurrentPages: config.browser.maxConcurrentPages,
    retireAfterPages: config.browser.retireAfterPages,
    maxDocumentBytes: config.http.maxResponseBytes,
    rendererMaxHeapMb: config.browser.rendererMaxHeapMb,
    policy,
    exchange: recorder ? browserExchange(http, config.limits.defaultFetchTimeoutMs) : undefined,
    logger,
  });
  const files = new FileStore(dataDir, fileSigningKey, ttlMs(config.retention.resultTtlSeconds));
  const sessions = new SessionStore<SessionState>(database.db, ttlMs(config.retention.resultTtlSeconds));
  let baseUrl = '';
  // One registry per server (not prom-client's global one); gauges read these only when /metrics is scraped,
  // after the pool below exists.
  const metrics = createServerMetrics(new Registry(), {
    jobsByStatus: () => store.countByStatus(),
    queueDepth: () => store.countQueued(),
    workersBusy: () => pool.runningCount,
    workersTotal: () => config.workers.concurrency,
    chromium: () => processTreeMemory(browser.stats().pids),
  });
  const extractionLimits = { maxElements: config.extraction.maxElements };
  const extractionPool =
    config.extraction.workerThreads > 0
      ? new ExtractionPool({
          maxThreads: config.extraction.workerThreads,
          taskTimeoutMs: config.extraction.taskTimeoutMs,
          limits: extractionLimits,
          workerFile: options.extractionWorkerFile,
        })
      : undefined;
  const structuredExtractor = createStructuredExtractor(config);
  const credits = new CreditLedger(database.db, clock, config.billing.mode === 'emulate');
  const faults = new JobFaults();
  const services: SurfaceServices = {
    config,
    credits,
    clock,
    policy,
    http,
    buildOutputs: withStructuredExtraction(
      timed(
        extractionPool?.run ?? ((document, request, buildOptions) => buildOutputs(document, request, { ...buildOptions, limits: extractionLimits })),
        metrics.observeExtraction,
      ),
      structuredExtractor,
    ),
    structuredExtractor,
    crawlStore,
    robots: new RobotsCache({ fetch: (request) => http.request(request), userAgent: crawlUserAgent }),
    hostScheduler: new HostScheduler({ perHostConcurrency: config.crawl.perHostConcurrency, perHostDelayMs: config.crawl.perHostDelayMs }),
    localIndex,
    searchBackends: createSearchBackends(config.search, http, localIndex),
    browser,
    sessions,
    files,
    youtube: { client: new YouTubeClient({ fetch: (request) => http.request(request), options: config.youtube }), pages: youtubePages },
    walmart: { client: new WalmartClient({ fetch: (request) => http.request(request), options: config.walmart }), pages: sitePages },
    amazon: { client: new AmazonClient({ fetch: (request) => http.request(request), options: config.amazon }), pages: sitePages },
    publicBaseUrl: () => config.server.publicBaseUrl ?? baseUrl,
  };
  const jobs = new JobService({ store, events, config, clock, credits, faults });
  const pool = new WorkerPool({ store, events, services, config, clock, logger, metrics, credits, faults });
  jobs.onCancelRunning((jobId) => pool.abort(jobId));
  const monitorStore = new MonitorStore(database.db);
  const monitors = new MonitorService({ store: monitorStore, jobs, jobStore: store, events, config, clock, logger });

  // Upgrade: data stored under the unsalted tenant ids of older versions moves to the keyed ones. Runs on every
  // start (a no-op once done), so a key configured again later still finds its data.
  const renames = apiKeys.legacyRenames();
  const renamedRows = await renameTenants(database.db, renames);
  let renamedFiles = 0;
  for (const { from, to } of renames) renamedFiles += await files.renameTenant(from, to);
  if (renamedRows + renamedFiles > 0) logger.info({ rows: renamedRows, files: renamedFiles }, 'moved data to the keyed tenant ids');

  // Emulated credits: each billed key starts with the balance and cap its config gives.
  if (credits.enabled) {
    for (const [key, account] of Object.entries(config.billing.keys)) {
      if (!apiKeys.tenantOf(key)) throw new Error(`billing.keys: "${key.slice(0, 4)}…" is not one of the configured API keys (auth.apiKeys).`);
      await credits.setAccount(tenantIdOf(tenantIdKey, key), account.credits, account.dailyCap ?? null);
    }
  }

  // Crash recovery: whatever a dead process left running runs again; nothing accepted is lost.
  const requeued = await store.requeueAllRunning(clock.now());
  await sessions.releaseAllLocks();
  if (requeued > 0) logger.warn({ requeued }, 'requeued jobs left running by a previous process');

  let ready = false;
  const app = createApp({
    baseUrl: () => baseUrl,
    config,
    clock,
    logger,
    apiKeys,
    webhookSecrets,
    jobs,
    store,
    services,
    credits,
    events,
    files,
    monitors,
    readiness: { ready: () => ready },
    metrics: metrics.registry,
    serverStatus: {
      workersBusy: () => pool.runningCount,
      workersTotal: () => config.workers.concurrency,
      queueDepth: () => store.countQueued(),
      jobsByStatus: () => store.countByStatus(),
      chromium: () => processTreeMemory(browser.stats().pids),
    },
    requestMetrics: metrics,
  });

  pool.start();
  const dispatcher = new WebhookDispatcher({ store: webhookStore, http: webhookHttp, config, clock, logger, secrets: webhookSecrets, metrics });
  dispatcher.start();
  const pruner = startPruneTask({
    config,
    clock,
    logger,
    jobs: store,
    webhooks: webhookStore,
    hooks: [
      { prune: async (now) => ({ crawl_pages: await crawlStore.pruneExpired(now) }) },
      { prune: async (now) => ({ search_pages: await localIndex.pruneExpired(now) }) },
      { prune: async (now) => ({ files: await files.pruneExpired(now), sessions: await sessions.pruneExpired(now) }) },
      { prune: async (now) => ({ youtube_pages: await youtubePages.pruneExpired(now) }) },
      { prune: async (now) => ({ site_search_pages: await sitePages.pruneExpired(now) }) },
      { prune: (now) => monitorStore.pruneHistory(now - config.retention.monitorRunsHours * 3_600_000) },
    ],
  });
  // After crash recovery (requeued jobs), so runs left by a dead process find their jobs again.
  const monitorScheduler = new MonitorScheduler({ service: monitors, logger, timers: options.timers ?? systemTimers });
  monitorScheduler.start();

  const server = await listen(app, config.server.port, config.server.host);
  answerClientErrors(server, logger);
  applyServerTimeouts(server, config.server.keepAliveTimeoutMs);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${formatHost(config.server.host)}:${port}`;
  baseUrl = url;
  ready = true;
  logger.info({ url, data_dir: dataDir }, 'scrapio-server started');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      ready = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await monitorScheduler.stop();
      await pool.stop(config.workers.shutdownGraceMs);
      await dispatcher.stop();
      await pruner.stop();
      // Inline callers still waiting get their 202 or answer by now; anything else is cut.
      server.closeAllConnections();
      await closed;
      await browser.close();
      await extractionPool?.close();
      await http.close();
      if (webhookHttp !== http) await webhookHttp.close();
      await database.close();
      logger.info('scrapio-server stopped');
    })();
    return stopping;
  };

  return { url, port, dataDir, generatedApiKey: keys.generated, apiKeySource: keys.source, stop };
}

/**
 * extract.mode schema/instruction: the model from llm.* when configured (its base URL is operator config, outside the
 * SSRF policy, which would refuse a model on loopback), with one limiter for every model call of the process.
 */
function createStructuredExtractor(config: Config): StructuredExtractor {
  const { llm } = config;
  if (llm.baseUrl !== undefined && llm.model === undefined) throw new Error('llm.baseUrl is set but llm.model is not: name the model the endpoint serves.');
  const model =
    llm.baseUrl !== undefined && llm.model !== undefined
      ? new OpenAiChatModel({ baseUrl: llm.baseUrl, model: llm.model, apiKey: llm.apiKey, timeoutMs: llm.timeoutMs, maxRetries: llm.maxRetries })
      : undefined;
  return new StructuredExtractor({ model, limiter: new Semaphore(llm.concurrency), maxInputTokens: llm.maxInputTokens });
}

/** testing.record / testing.replay: the recorder of target traffic, when either is set. */
function createTrafficRecorder(config: Config): TrafficRecorder | undefined {
  const { record, replay } = config.testing;
  if (record.dir !== undefined && replay.dir !== undefined) {
    throw new Error(
      'testing.record.dir and testing.replay.dir are both set: record or replay, not both (a replay with missing: "passthrough" records what it fetches).',
    );
  }
  if (record.dir !== undefined) return new TrafficRecorder({ mode: 'record', dir: record.dir, ignoreQueryParams: replay.ignoreQueryParams });
  if (replay.dir !== undefined)
    return new TrafficRecorder({ mode: 'replay', dir: replay.dir, missing: replay.missing, ignoreQueryParams: replay.ignoreQueryParams });
  return undefined;
}

/** Chromium's requests one hop at a time through the recording HTTP client (browser-recorded-requests.ts). */
function browserExchange(http: HttpClient, timeoutMs: number): BrowserExchange {
  return async (request) => {
    const document = await http.request({ ...request, followRedirects: false, timeoutMs });
    return { status: document.statusCode, headers: document.headers, body: document.body };
  };
}

function resolveApiKeys(config: Config, dataDir: string): { keys: string[]; source: 'config' | 'data-dir'; generated?: string } {
  if (config.auth.apiKeys.length > 0) return { keys: [...config.auth.apiKeys], source: 'config' };
  if (!LOOPBACK_HOSTS.has(config.server.host)) {
    throw new Error(
      `Refusing to listen on ${config.server.host} without an API key: set auth.apiKeys in scrapio.config.json or SCRAPIO_API_KEYS (a generated key is only used on loopback hosts).`,
    );
  }
  const secret = readOrCreateSecret(dataDir, 'api-key', 'sk_');
  return { keys: [secret.value], source: 'data-dir', generated: secret.created ? secret.value : undefined };
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
