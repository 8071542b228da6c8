import type { Generated } from 'kysely';

/** Row types of every table. Times are integer milliseconds since the epoch (portable to Postgres bigint). */

export interface JobsTable {
  id: string;
  tenant: string;
  /** One of the kinds in surfaces/registry.ts (JobKind), the only list of them. */
  kind: string;
  status: string;
  /** Lower runs first: inline requests wait on a caller, so they go before queued async jobs. */
  priority: number;
  input: string;
  webhook_url: string | null;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  /** Earliest time a queued job may be claimed (retry backoff). */
  run_at: number;
  /** Owner and time of the current claim: a claim left by a dead process is requeued at start. */
  locked_by: string | null;
  locked_at: number | null;
  attempt: number;
  error_code: string | null;
  error_message: string | null;
  error_diagnostics: string | null;
  progress_completed: number | null;
  progress_total: number | null;
  /** completed_at + retention.resultTtlSeconds; /result answers 404 from then on. */
  result_expires_at: number | null;
}

export interface JobResultsTable {
  job_id: string;
  body: string;
  expires_at: number;
}

export interface IdempotencyKeysTable {
  tenant: string;
  key: string;
  fingerprint: string;
  job_id: string;
  created_at: number;
  expires_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  job_id: string;
  url: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempt: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
  /** The job's tenant, whose own webhook secret signs the delivery (null only for a row whose job was gone before migration 006). */
  tenant: string | null;
}

/** When each tenant last had a job claimed (migration 006): claims go to the tenant that waited longest. */
export interface TenantTurnsTable {
  tenant: string;
  /** A counter shared by all tenants, bumped on every claim. */
  last_claim: number;
}

/** Row type of youtube_pages (migration 005): one stored result page of a youtube_search_crawl job. */
export interface YouTubePagesTable {
  job_id: string;
  page: number;
  results: string;
  result_count: number;
  continuation: string | null;
  client_version: string | null;
  fetched_at: number;
}

/** Row type of site_search_pages (migration 007): one stored result page of a marketplace search crawl job. */
export interface SiteSearchPagesTable {
  job_id: string;
  page: number;
  results: string;
  result_count: number;
  meta: string;
  fetched_at: number;
}

export type CrawlPageState = 'queued' | 'succeeded' | 'partial' | 'failed' | 'skipped';

export interface CrawlPagesTable {
  job_id: string;
  seq: number;
  url: string;
  dedupe_key: string;
  depth: number;
  discovered_from: string | null;
  state: CrawlPageState;
  title: string | null;
  outputs: string | null;
  error_code: string | null;
  error_message: string | null;
  skip_reason: string | null;
  fetched_at: number | null;
}

/** A page of the local search index; its text lives in the FTS5 table search_pages_fts under the same rowid. */
export interface SearchPagesTable {
  id: Generated<number>;
  tenant: string;
  url: string;
  fetched_at: number;
  expires_at: number | null;
}

export interface SessionsTable {
  tenant: string;
  id: string;
  state: string;
  created_at: number;
  updated_at: number;
  expires_at: number;
  locked_by: string | null;
  locked_at: number | null;
}

/** One billed tenant of billing.mode "emulate" (migration 008). */
export interface CreditAccountsTable {
  tenant: string;
  balance: number;
  daily_cap: number | null;
  /** Credits spent on usage_day (a UTC "YYYY-MM-DD"). */
  used_today: number;
  usage_day: string;
  updated_at: number;
}

/** What an accepted job was charged, kept until it ends: given back if it fails or is cancelled. */
export interface CreditChargesTable {
  job_id: string;
  tenant: string;
  credits: number;
  usage_day: string;
  charged_at: number;
}

/** A website monitor (migration 009): a stored fetch on a cron schedule, compared run to run. */
export interface MonitorsTable {
  id: string;
  tenant: string;
  name: string;
  url: string;
  mode: 'content' | 'fields';
  cron: string;
  timezone: string;
  status: 'active' | 'paused';
  /** JSON {extract?, watch?, fetch?}. */
  settings: string;
  webhook_url: string | null;
  /** The next scheduled time; null while paused. */
  next_run_at: number | null;
  /** JSON snapshot of the last completed run (markdown or fields); null before the first. */
  baseline: string | null;
  baseline_run_id: string | null;
  created_at: number;
  updated_at: number;
}

export type MonitorRunStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped';

export interface MonitorRunsTable {
  id: string;
  monitor_id: string;
  tenant: string;
  /** Order within the monitor (1, 2, ...), written when the run is recorded. */
  seq: number;
  /** "schedule:<ms>" or "manual:<run id>": unique per monitor, so a scheduled time is claimed once. */
  slot: string;
  trigger: 'schedule' | 'manual';
  scheduled_for: number;
  status: MonitorRunStatus;
  job_id: string | null;
  /** 1 when this run recorded a change, 0 when compared and equal; null until completed. */
  changed: number | null;
  change_id: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: number;
  completed_at: number | null;
}

export interface MonitorChangesTable {
  id: string;
  monitor_id: string;
  tenant: string;
  /** Order within the monitor (1, 2, ...). */
  seq: number;
  run_id: string;
  previous_run_id: string | null;
  /** JSON: the change as the API and the webhook show it. */
  details: string;
  detected_at: number;
}

export interface Database {
  monitors: MonitorsTable;
  monitor_runs: MonitorRunsTable;
  monitor_changes: MonitorChangesTable;
  youtube_pages: YouTubePagesTable;
  site_search_pages: SiteSearchPagesTable;
  sessions: SessionsTable;
  crawl_pages: CrawlPagesTable;
  search_pages: SearchPagesTable;
  jobs: JobsTable;
  job_results: JobResultsTable;
  idempotency_keys: IdempotencyKeysTable;
  webhook_deliveries: WebhookDeliveriesTable;
  tenant_turns: TenantTurnsTable;
  credit_accounts: CreditAccountsTable;
  credit_charges: CreditChargesTable;
}
