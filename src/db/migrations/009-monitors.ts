import type { Kysely } from 'kysely';

/**
 * Website monitors (issue 16): a monitor is a stored fetch plus a cron schedule; each run is an ordinary job;
 * a run whose page differs from the monitor's baseline records one change (and one webhook outbox row).
 * - `monitors.next_run_at`: the schedule survives restarts; missed times collapse into one catch-up run.
 * - `monitors.baseline`: the last completed run's snapshot (markdown or extracted fields), what the next run is
 *   compared with; kept on the monitor so pruning old runs never loses it.
 * - `monitor_runs.slot`: unique per monitor ("schedule:<ms>" or "manual:<run id>"), so a scheduled time can be
 *   claimed only once, whatever crashes in between.
 * - `seq` (runs and changes): the order within one monitor, a per-monitor counter written in the inserting
 *   transaction (two runs in the same millisecond still list in the order they were recorded).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('monitors')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('tenant', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('mode', 'text', (col) => col.notNull())
    .addColumn('cron', 'text', (col) => col.notNull())
    .addColumn('timezone', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    // JSON: {extract?, watch?, fetch?} as accepted (canonical form, defaults filled).
    .addColumn('settings', 'text', (col) => col.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('next_run_at', 'bigint')
    .addColumn('baseline', 'text')
    .addColumn('baseline_run_id', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('monitors_tenant_created').on('monitors').columns(['tenant', 'created_at', 'id']).execute();
  await db.schema.createIndex('monitors_due').on('monitors').columns(['status', 'next_run_at']).execute();

  await db.schema
    .createTable('monitor_runs')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('monitor_id', 'text', (col) => col.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('tenant', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('slot', 'text', (col) => col.notNull())
    .addColumn('trigger', 'text', (col) => col.notNull())
    .addColumn('scheduled_for', 'bigint', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('job_id', 'text')
    .addColumn('changed', 'integer')
    .addColumn('change_id', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('completed_at', 'bigint')
    .addUniqueConstraint('monitor_runs_slot', ['monitor_id', 'slot'])
    .execute();
  await db.schema.createIndex('monitor_runs_monitor_seq').on('monitor_runs').columns(['monitor_id', 'seq']).execute();
  await db.schema.createIndex('monitor_runs_status').on('monitor_runs').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('monitor_changes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('monitor_id', 'text', (col) => col.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('tenant', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('run_id', 'text', (col) => col.notNull())
    .addColumn('previous_run_id', 'text')
    // JSON: the change as the API shows it (diff or fields).
    .addColumn('details', 'text', (col) => col.notNull())
    .addColumn('detected_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('monitor_changes_monitor_seq').on('monitor_changes').columns(['monitor_id', 'seq']).execute();
  await db.schema.createIndex('monitor_changes_detected').on('monitor_changes').column('detected_at').execute();
}
