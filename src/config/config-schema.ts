import cron from 'node-cron';
import { z } from 'zod';

/**
 * The one schema of scrapio-server's configuration. Every option has its default here, its unit in its
 * name, and is documented in the README's configuration table. Unknown keys are rejected so that a typo
 * in scrapio.config.json fails at start instead of being silently ignored.
 */

// Every section may be omitted: `prefault({})` parses an absent section as {} so its fields take their defaults.
const section = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape).prefault({} as never);

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

export const configSchema = z.strictObject({
  server: section({
    /** TCP port; 0 picks a free one (the startup line prints the real port). */
    port: z.number().int().min(0).max(65535).default(8080),
    host: z.string().min(1).default('127.0.0.1'),
    /** Where SQLite, the generated key and stored files live. Relative paths are relative to the working directory. */
    dataDir: z.string().min(1).default('data'),
    /** Largest accepted JSON request body. */
    bodyLimitBytes: positiveInt.default(1024 * 1024),
    /**
     * How long an idle keep-alive connection stays open. Node's 5 s default races clients that poll every few
     * seconds over a pooled connection: a poll sent as the server closes is lost. Keep it above the idle timeout
     * of the clients and proxies in front (60 s for most load balancers).
     */
    keepAliveTimeoutMs: positiveInt.default(65000),
    /** Public base URL used in links this server hands out (screenshot files, result paging); default: http://host:port. */
    publicBaseUrl: z.string().url().optional(),
  }),
  auth: section({
    /** API keys; each key is a tenant. Empty: a key is generated on first start and stored in dataDir/api-key. */
    apiKeys: z.array(z.string().min(8, 'API keys must have at least 8 characters')).default([]),
  }),
  compat: section({
    /** Turn every extension off: reject exactly what the hosted v1 API rejects. */
    strict: z.boolean().default(false),
  }),
  inline: section({
    /** How long an inline surface request waits (queue time included) before it is promoted to an async job. */
    timeoutMs: positiveInt.default(15000),
  }),
  mcp: section({
    /**
     * How long the MCP `crawl` tool waits for its crawl, sending progress notifications, before it answers with
     * the job id (the crawl keeps running; get_job and get_job_result read it). Other tools wait inline.timeoutMs.
     */
    crawlWaitMs: positiveInt.default(60000),
  }),
  workers: section({
    /** Jobs run at once by the in-process worker pool (HTTP work is I/O bound, so this can exceed the core count). */
    concurrency: positiveInt.default(8),
    /** Attempts per job for retryable failures (timeouts, unreachable targets, crashes). */
    maxAttempts: positiveInt.default(3),
    /** On SIGTERM, how long running jobs may finish before they are requeued and the process exits. */
    shutdownGraceMs: nonNegativeInt.default(10000),
  }),
  limits: section({
    /** The default `timeout_ms` of the work itself, for fetch and interact. */
    defaultFetchTimeoutMs: positiveInt.default(30000),
    /** Upper bound of `timeout_ms` (and the default for crawl, map and search). */
    timeoutMs: positiveInt.default(300000),
    crawl: section({ maxPages: positiveInt.default(50), maxDepth: nonNegativeInt.default(5) }),
    map: section({ maxUrls: positiveInt.default(100) }),
    search: section({ maxResults: positiveInt.default(10) }),
    rateLimit: section({
      /** Requests per minute per API key on /v1; 0 turns the limit off. */
      requestsPerMinute: nonNegativeInt.default(6000),
    }),
    queue: section({
      /** Queued jobs beyond this answer 503 overloaded instead of growing without bound. */
      maxQueuedJobs: positiveInt.default(10000),
      /**
       * Queued jobs of one API key beyond this answer 503 overloaded, so one tenant cannot fill the shared queue.
       * Default: a quarter of maxQueuedJobs (at least 1).
       */
      maxQueuedJobsPerTenant: positiveInt.optional(),
    }),
  }),
  http: section({
    /** Largest response body the HTTP client reads from a target; larger bodies fail the fetch. */
    maxResponseBytes: positiveInt.default(20 * 1024 * 1024),
    maxRedirects: nonNegativeInt.default(10),
    /** User-Agent of every outbound request (crawl.userAgent overrides it for crawls). */
    userAgent: z.string().min(1).optional(),
  }),
  network: section({
    /** host, host:port or CIDR entries that the SSRF policy lets through anyway (e.g. 127.0.0.1 for tests). */
    allow: z.array(z.string().min(1)).default([]),
  }),
  crawl: section({
    /** Pages of one crawl in flight at once (fetch + extraction), across all its hosts. */
    maxConcurrency: positiveInt.default(8),
    perHostConcurrency: positiveInt.default(4),
    perHostDelayMs: nonNegativeInt.default(0),
    userAgent: z.string().min(1).optional(),
    /** Obey robots.txt unless a request sets ignore_robots. */
    obeyRobots: z.boolean().default(true),
    /**
     * Sitemap bytes (after decompression) one map or crawl reads per origin, across all its sitemaps; what
     * lies beyond is not read. 50 MiB is one sitemap of the protocol's maximum size.
     */
    sitemapMaxBytes: positiveInt.default(50 * 1024 * 1024),
  }),
  extraction: section({
    /**
     * Worker threads that parse pages and build markdown (CPU-bound, tens of ms a page), so the API stays
     * responsive and both cores work. 0 builds outputs on the main thread.
     */
    workerThreads: nonNegativeInt.default(2),
    /**
     * Pages with more elements (start tags) than this are refused with extraction_failed before they are parsed:
     * parse, Readability and selector matching grow with it, some faster than linearly.
     */
    maxElements: positiveInt.default(50_000),
    /**
     * One page's extraction on a worker thread stops after this long (the thread is ended and replaced) and fails
     * with extraction_failed; a job's timeout_ms stops it sooner. Not enforced with workerThreads 0.
     */
    taskTimeoutMs: positiveInt.default(60_000),
  }),
  browser: section({
    /** Chromium binary; also PUPPETEER_EXECUTABLE_PATH, else well-known paths such as /usr/bin/chromium. */
    executablePath: z.string().min(1).optional(),
    /** Pages at work at once across all jobs; 8 lets one render_js crawl use its whole crawl.maxConcurrency. Was `maxPages`. */
    maxConcurrentPages: positiveInt.default(8),
    retireAfterPages: positiveInt.default(200),
    /**
     * JavaScript heap of each Chromium renderer (V8 --max-old-space-size), so one page's scripts cannot take the
     * machine's memory: a page that needs more crashes its own renderer and its job fails (422, not retried).
     */
    rendererMaxHeapMb: z.number().int().min(64).default(512),
  }),
  interact: section({ allowEvaluate: z.boolean().default(false) }),
  retention: section({
    /** Results, pages, files, idempotency records and sessions are deleted this long after completion. */
    resultTtlSeconds: positiveInt.default(86400),
    /** node-cron expression (a seconds field is allowed) of the pruning task. */
    pruneSchedule: z
      .string()
      .refine((expression) => cron.validate(expression), { message: 'not a valid node-cron expression (e.g. "* * * * *", or "*/10 * * * * *" with seconds)' })
      .default('* * * * *'),
    /** Monitor runs and detected changes are deleted this long after they were recorded (each monitor keeps its baseline). */
    monitorRunsHours: positiveInt.default(720),
  }),
  monitors: section({
    /** Shortest interval between two scheduled runs of one monitor a cron expression may ask for. */
    minIntervalSeconds: positiveInt.default(60),
    /** Monitors per API key. */
    maxPerTenant: positiveInt.default(1000),
  }),
  webhooks: section({
    /** Master secret of the per-tenant Scrapio-Signature secrets (each tenant's is HMAC(master, tenant), shown at GET /v1/webhooks/secret); generated and stored in dataDir/webhook-secret when absent. */
    secret: z.string().min(16).optional(),
    maxAttempts: positiveInt.default(8),
    initialBackoffMs: positiveInt.default(2000),
    maxBackoffMs: positiveInt.default(600000),
    timeoutMs: positiveInt.default(10000),
  }),
  search: section({
    /** The backend that serves the v1 provider value "google" (the response still says "google"). */
    googleBackend: z.enum(['duckduckgo', 'searxng', 'brave', 'local']).default('duckduckgo'),
    /** One backend request, all redirect hops and the body. */
    requestTimeoutMs: positiveInt.default(10000),
    duckduckgo: section({ baseUrl: z.string().url().default('https://html.duckduckgo.com') }),
    /** Your SearXNG instance; its settings.yml must list json in search.formats. */
    searxng: section({ baseUrl: z.string().url().optional() }),
    brave: section({ baseUrl: z.string().url().default('https://api.search.brave.com'), apiKey: z.string().min(1).optional() }),
  }),
  llm: section({
    /**
     * An OpenAI-compatible endpoint for extract.mode "schema" and "instruction" (Ollama http://127.0.0.1:11434/v1,
     * llama.cpp, vLLM, LM Studio, OpenAI, OpenRouter). Operator config only: a request can never choose it, and it
     * is not subject to the SSRF policy (a local model usually listens on loopback). Unset: the heuristic engine.
     */
    baseUrl: z.string().url().optional(),
    /** Bearer key of the endpoint (also SCRAPIO_LLM_API_KEY); never logged or returned. Local servers need none. */
    apiKey: z.string().min(1).optional(),
    /** The model name the endpoint serves (e.g. "llama3.1:8b", "gpt-4o-mini"); required with baseUrl. */
    model: z.string().min(1).optional(),
    /** Pages longer than this (estimated tokens, prompt included) are extracted in overlapping chunks. */
    maxInputTokens: positiveInt.min(256).default(8000),
    /** One model call, its 429/5xx retries included; a call that takes longer fails the extraction with 504 timeout (not retried). */
    timeoutMs: positiveInt.default(60000),
    /** Model calls in flight across the whole server (all jobs, all crawl pages and chunks). */
    concurrency: positiveInt.default(2),
    /** Retries of a 429/5xx/connection failure, with exponential backoff (Retry-After honoured). */
    maxRetries: nonNegativeInt.default(2),
  }),
  youtube: section({
    /** Where the YouTube endpoints read public pages from (tests point it at a fixture server). */
    baseUrl: z.string().url().default('https://www.youtube.com'),
    /** Spacing between two requests to YouTube. */
    perRequestDelayMs: nonNegativeInt.default(500),
    requestTimeoutMs: positiveInt.default(15000),
  }),
  walmart: section({
    /**
     * Replaces https://www.walmart.com for every Walmart request (tests point it at a fixture server). Unset,
     * the endpoints read the real site.
     */
    baseUrl: z.string().url().optional(),
    /** Spacing between the starts of two requests to Walmart, across every request and job. */
    perRequestDelayMs: nonNegativeInt.default(1000),
    /** One request to Walmart, redirects and body included. */
    requestTimeoutMs: positiveInt.default(15000),
  }),
  amazon: section({
    /**
     * Unset (the default): the request's `domain` (or `country`) picks the real marketplace host, e.g.
     * https://www.amazon.de. Set: replaces every marketplace host (a fixture server in tests, a mirror).
     */
    baseUrl: z.string().url().optional(),
    /** Spacing between two requests to one Amazon host, across every request and job. */
    perRequestDelayMs: nonNegativeInt.default(1000),
    /** One request to Amazon, redirects and body included. */
    requestTimeoutMs: positiveInt.default(15000),
  }),
  metrics: section({
    /**
     * Require `Authorization: Bearer <key>` (any configured key) on GET /metrics. Off by default: /metrics, like
     * /health, is meant for the operator's Prometheus on a private network and shows only aggregate counts.
     */
    requireApiKey: z.boolean().default(false),
  }),
  /** For applications that test against this server (README "Testing your application against scrapio-server"). */
  testing: section({
    record: section({
      /** `--record DIR`: store every exchange with a target (HTTP client and Chromium's requests) in this directory. */
      dir: z.string().min(1).optional(),
    }),
    replay: section({
      /** `--replay DIR`: answer every target request from the recordings in this directory; no network connection is made. */
      dir: z.string().min(1).optional(),
      /** A request with no recording: "fail" answers 502 target_unreachable naming it; "passthrough" fetches it (SSRF policy on) and records it. */
      missing: z.enum(['fail', 'passthrough']).default('fail'),
      /** Query parameters left out when matching a request to a recording (cache busters such as "_" or "cb"). */
      ignoreQueryParams: z.array(z.string().min(1)).default([]),
    }),
    /**
     * Fault injection for client tests: the `Scrapio-Test-Fault` request header (and faultRules) make the API answer
     * with a chosen error through the real code path. Never on by default; when off, the header is ignored.
     */
    faults: z.boolean().default(false),
    /** Faults applied without the header: every request of `apiKey` (to `route`, a path prefix such as "/v1/fetch", if set). */
    faultRules: z
      .array(
        z.strictObject({
          apiKey: z.string().min(1),
          route: z.string().startsWith('/').optional(),
          code: z.string().min(1),
          /** For `timeout`: the job's time budget before it times out (default 1000 ms). */
          delayMs: positiveInt.optional(),
        }),
      )
      .default([]),
  }),
  billing: section({
    /** "emulate": each key in `keys` has a credit balance that requests spend (402 credits_exhausted when it runs out). */
    mode: z.enum(['off', 'emulate']).default('off'),
    /** API key → its balance at start (reset from here on every start) and optional credits-per-UTC-day cap. Keys not listed are not charged. */
    keys: z.record(z.string().min(1), z.strictObject({ credits: nonNegativeInt, dailyCap: nonNegativeInt.optional() })).default({}),
    /** Bearer key of POST /v1/account/credits (also SCRAPIO_BILLING_ADMIN_KEY); unset: that endpoint answers 404. */
    adminKey: z.string().min(16, 'billing.adminKey must have at least 16 characters').optional(),
  }),
  log: section({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }),
});

export type LlmConfig = z.infer<typeof configSchema>['llm'];
export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
