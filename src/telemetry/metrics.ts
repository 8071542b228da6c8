import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Every metric of the server, on one prom-client Registry that main.ts creates (never the global default one,
 * so several servers in one process, as in the tests, do not collide). Every label is a bounded, aggregate
 * value (a route pattern, a job kind, an outcome): never a tenant, a job id or a raw path, so an open /metrics
 * reveals load, not whose jobs.
 */
export const METRIC_PREFIX = 'scrapio_';

/** How long answering an HTTP request took, by route pattern (`/v1/jobs/:id`), method and status. */
export interface RequestRecorder {
  observeRequest(labels: { route: string; method: string; status: string }, seconds: number): void;
}

/** How long a job attempt ran, by kind and outcome (completed, partial, failed, cancelled, retried, requeued). */
export interface JobRecorder {
  observeJob(kind: string, outcome: string, seconds: number): void;
}

/** One webhook delivery attempt: delivered, retry (failed, tried again later) or abandoned (out of attempts). */
export interface WebhookRecorder {
  deliveryAttempt(outcome: 'delivered' | 'retry' | 'abandoned'): void;
}

/** How long building a page's outputs (parse, Readability, Markdown, ...) took, worker-pool queueing included. */
export interface ExtractionRecorder {
  observeExtraction(seconds: number): void;
}

/** Values read only when /metrics is scraped. */
export interface GaugeSources {
  jobsByStatus(): Promise<Record<string, number>>;
  queueDepth(): Promise<number>;
  workersBusy(): number;
  workersTotal(): number;
  /** Chromium processes (browser, zygotes, renderers, GPU, ...) and their summed resident memory. */
  chromium(): Promise<{ processes: number; residentBytes: number }>;
}

export interface ServerMetrics extends RequestRecorder, JobRecorder, WebhookRecorder, ExtractionRecorder {
  registry: Registry;
}

/** Seconds: polls answer in milliseconds, jobs and extraction take up to minutes. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const JOB_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const EXTRACTION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createServerMetrics(registry: Registry, sources: GaugeSources): ServerMetrics {
  const registers = [registry];
  // Process memory, CPU, handles, GC and the event-loop delay (scrapio_nodejs_eventloop_lag_*_seconds, from
  // perf_hooks.monitorEventLoopDelay, reset at each scrape).
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });

  const requests = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: 'Time to answer an HTTP request, by Express route pattern, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const jobs = new Histogram({
    name: `${METRIC_PREFIX}job_duration_seconds`,
    help: 'Run time of a job attempt, by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  const webhooks = new Counter({
    name: `${METRIC_PREFIX}webhook_deliveries_total`,
    help: 'Webhook delivery attempts, by outcome (delivered, retry, abandoned).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const extraction = new Histogram({
    name: `${METRIC_PREFIX}extraction_duration_seconds`,
    help: 'Time to build the outputs of one page (worker-pool queueing included).',
    buckets: EXTRACTION_BUCKETS,
    registers,
  });

  new Gauge({
    name: `${METRIC_PREFIX}jobs`,
    help: 'Jobs in the database, by status (all tenants together).',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      this.reset();
      for (const [status, count] of Object.entries(await sources.jobsByStatus())) this.set({ status }, count);
    },
  });
  gauge(registry, 'queue_depth', 'Jobs queued (waiting for a worker or for their retry time).', () => sources.queueDepth());
  gauge(registry, 'workers_busy', 'Workers running a job now.', () => sources.workersBusy());
  gauge(registry, 'workers_total', 'Workers in the pool (workers.concurrency).', () => sources.workersTotal());
  // One /proc walk per scrape serves both Chromium gauges.
  let chromiumReading: Promise<{ processes: number; residentBytes: number }> | undefined;
  const readChromium = () => (chromiumReading ??= sources.chromium().finally(() => setImmediate(() => (chromiumReading = undefined))));
  gauge(registry, 'chromium_processes', 'Chromium processes running (browser and its children).', async () => (await readChromium()).processes);
  gauge(registry, 'chromium_resident_memory_bytes', 'Resident memory of all Chromium processes, summed.', async () => (await readChromium()).residentBytes);

  return {
    registry,
    observeRequest: (labels, seconds) => requests.observe(labels, seconds),
    observeJob: (kind, outcome, seconds) => jobs.observe({ kind, outcome }, seconds),
    deliveryAttempt: (outcome) => webhooks.inc({ outcome }),
    observeExtraction: (seconds) => extraction.observe(seconds),
  };
}

function gauge(registry: Registry, name: string, help: string, read: () => number | Promise<number>): void {
  new Gauge({
    name: `${METRIC_PREFIX}${name}`,
    help,
    registers: [registry],
    async collect() {
      this.set(await read());
    },
  });
}

/** `fn` with its run time observed (rejections too): used around buildOutputs. */
export function timed<Args extends unknown[], Result>(
  fn: (...args: Args) => Promise<Result>,
  observe: (seconds: number) => void,
): (...args: Args) => Promise<Result> {
  return async (...args) => {
    const startedAt = process.hrtime.bigint();
    try {
      return await fn(...args);
    } finally {
      observe(Number(process.hrtime.bigint() - startedAt) / 1e9);
    }
  };
}
