import { isoTime } from '../lib/iso-time';
import type { MonitorSpec } from './monitor-input';
import type { MonitorChangeRow, MonitorRow, MonitorRunRow } from './monitor-store';

/** What a monitor row keeps in `settings`: the spec's nested parts, and the fetch input each run submits (validated when saved). */
export interface MonitorSettings {
  extract?: Record<string, string>;
  watch: MonitorSpec['watch'];
  fetch: Record<string, unknown>;
  job_input: Record<string, unknown>;
}

export function settingsOf(row: MonitorRow): MonitorSettings {
  return JSON.parse(row.settings) as MonitorSettings;
}

/** The spec a monitor was saved with (what PATCH merges into). */
export function specOf(row: MonitorRow): Record<string, unknown> {
  const settings = settingsOf(row);
  return {
    name: row.name,
    url: row.url,
    mode: row.mode,
    ...(settings.extract ? { extract: settings.extract } : {}),
    cron: row.cron,
    timezone: row.timezone,
    status: row.status,
    watch: settings.watch,
    webhook: row.webhook_url ? { url: row.webhook_url } : null,
    fetch: settings.fetch,
  };
}

/** A monitor as the API shows it. */
export function toMonitorView(row: MonitorRow): Record<string, unknown> {
  const { name, url, mode, extract, cron, timezone, status, watch, webhook, fetch } = specOf(row);
  return {
    monitor_id: row.id,
    name,
    url,
    mode,
    ...(extract ? { extract } : {}),
    cron,
    timezone,
    status,
    watch,
    webhook,
    fetch,
    next_run_at: isoTime(row.next_run_at) ?? null,
    last_run_id: row.baseline_run_id,
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

export function toRunView(row: MonitorRunRow): Record<string, unknown> {
  return {
    run_id: row.id,
    monitor_id: row.monitor_id,
    trigger: row.trigger,
    status: row.status,
    scheduled_for: isoTime(row.scheduled_for),
    created_at: isoTime(row.created_at),
    completed_at: isoTime(row.completed_at) ?? null,
    job_id: row.job_id,
    changed: row.changed === null ? null : row.changed === 1,
    change_id: row.change_id,
    ...(row.status === 'skipped' ? { skip_reason: row.error_message } : {}),
    ...(row.status === 'failed' ? { error: { code: row.error_code ?? 'internal_error', message: row.error_message ?? '' } } : {}),
  };
}

export function toChangeView(row: MonitorChangeRow): Record<string, unknown> {
  return JSON.parse(row.details) as Record<string, unknown>;
}
