import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Db } from '../db/database';
import type { Database, MonitorChangesTable, MonitorRunsTable, MonitorsTable } from '../db/schema';
import { enqueueDelivery } from '../webhooks/webhook-store';

export type MonitorRow = Selectable<MonitorsTable>;
export type MonitorRunRow = Selectable<MonitorRunsTable>;
export type MonitorChangeRow = Selectable<MonitorChangesTable>;

export interface Page {
  limit: number;
  /** Rows strictly older than this position: (created_at, id) for monitors, seq for runs and changes. */
  before?: { at: number; id: string };
}

/** What a run's completion writes, in one transaction: the run, the monitor's new baseline, and a change with its webhook. */
export interface RunCompletion {
  runId: string;
  monitorId: string;
  status: 'completed' | 'failed';
  completedAt: number;
  error?: { code: string; message: string };
  /** A completed run: its snapshot becomes the monitor's baseline. */
  baseline?: string;
  change?: { row: Omit<Insertable<MonitorChangesTable>, 'seq'>; webhook?: { url: string; payload: string; jobId: string } };
}

/** Every SQL statement about monitors, their runs and their changes. State changes are guarded UPDATEs. */
export class MonitorStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async insert(row: Insertable<MonitorsTable>): Promise<MonitorRow> {
    return this.#db.insertInto('monitors').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async count(tenant: string): Promise<number> {
    const row = await this.#db
      .selectFrom('monitors')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('tenant', '=', tenant)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async find(tenant: string, id: string): Promise<MonitorRow | undefined> {
    return this.#db.selectFrom('monitors').selectAll().where('id', '=', id).where('tenant', '=', tenant).executeTakeFirst();
  }

  async findById(id: string): Promise<MonitorRow | undefined> {
    return this.#db.selectFrom('monitors').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(tenant: string, page: Page): Promise<MonitorRow[]> {
    let query = this.#db.selectFrom('monitors').selectAll().where('tenant', '=', tenant);
    const before = page.before;
    if (before) query = query.where((eb) => eb.or([eb('created_at', '<', before.at), eb.and([eb('created_at', '=', before.at), eb('id', '<', before.id)])]));
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  }

  async update(tenant: string, id: string, values: Partial<Insertable<MonitorsTable>>): Promise<MonitorRow | undefined> {
    return this.#db.updateTable('monitors').set(values).where('id', '=', id).where('tenant', '=', tenant).returningAll().executeTakeFirst();
  }

  /** Deletes the monitor with its runs and changes; its runs' jobs stay (they are ordinary jobs of the tenant). */
  async delete(tenant: string, id: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const monitor = await trx.selectFrom('monitors').select('id').where('id', '=', id).where('tenant', '=', tenant).executeTakeFirst();
      if (!monitor) return false;
      await trx.deleteFrom('monitor_changes').where('monitor_id', '=', id).execute();
      await trx.deleteFrom('monitor_runs').where('monitor_id', '=', id).execute();
      await trx.deleteFrom('monitors').where('id', '=', id).execute();
      return true;
    });
  }

  /** Active monitors whose next scheduled time has come, oldest first. */
  async due(now: number, limit: number): Promise<MonitorRow[]> {
    return this.#db
      .selectFrom('monitors')
      .selectAll()
      .where('status', '=', 'active')
      .where('next_run_at', '<=', now)
      .orderBy('next_run_at')
      .limit(limit)
      .execute();
  }

  /**
   * Claims one run of a monitor, in one transaction: the run row (its slot is unique per monitor, so a slot is
   * claimed once however often this is retried) and, for a scheduled run, the move of `next_run_at` from the
   * claimed time to `nextRunAt` (guarded: only if it still is the claimed time). The run is `skipped` instead of
   * `pending` when another run of the monitor is still pending or running. Undefined when the slot was taken.
   */
  async claimRun(run: Omit<Insertable<MonitorRunsTable>, 'status' | 'seq'>, nextRunAt?: number): Promise<MonitorRunRow | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      if (run.trigger === 'schedule') {
        const moved = await trx
          .updateTable('monitors')
          .set({ next_run_at: nextRunAt ?? null })
          .where('id', '=', run.monitor_id)
          .where('next_run_at', '=', run.scheduled_for)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 0) return undefined;
      }
      const active = await trx
        .selectFrom('monitor_runs')
        .select('id')
        .where('monitor_id', '=', run.monitor_id)
        .where('status', 'in', ['pending', 'running'])
        .executeTakeFirst();
      const skipped = active !== undefined && run.trigger === 'schedule';
      const row = {
        ...run,
        seq: await nextSeq(trx, 'monitor_runs', run.monitor_id),
        status: skipped ? ('skipped' as const) : ('pending' as const),
        ...(skipped ? { completed_at: run.created_at, error_message: `run ${active.id} of this monitor was still in progress` } : {}),
      };
      return trx
        .insertInto('monitor_runs')
        .values(row)
        .onConflict((oc) => oc.columns(['monitor_id', 'slot']).doNothing())
        .returningAll()
        .executeTakeFirst();
    });
  }

  /** pending → running once its job exists. */
  async attachJob(runId: string, jobId: string): Promise<void> {
    await this.#db.updateTable('monitor_runs').set({ status: 'running', job_id: jobId }).where('id', '=', runId).where('status', '=', 'pending').execute();
  }

  /** Runs a restart (or a missed event) left behind: pending ones need their job, running ones their completion. */
  async unfinishedRuns(): Promise<MonitorRunRow[]> {
    return this.#db.selectFrom('monitor_runs').selectAll().where('status', 'in', ['pending', 'running']).orderBy('created_at').execute();
  }

  async findRun(id: string): Promise<MonitorRunRow | undefined> {
    return this.#db.selectFrom('monitor_runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Ends a running (or pending) run; the change, its webhook and the new baseline are written only by the call that ends it. */
  async completeRun(completion: RunCompletion): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const ended = await trx
        .updateTable('monitor_runs')
        .set({
          status: completion.status,
          completed_at: completion.completedAt,
          changed: completion.status === 'completed' ? (completion.change ? 1 : 0) : null,
          change_id: completion.change ? completion.change.row.id : null,
          error_code: completion.error?.code ?? null,
          error_message: completion.error?.message ?? null,
        })
        .where('id', '=', completion.runId)
        .where('status', 'in', ['pending', 'running'])
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) === 0) return false;
      if (completion.baseline !== undefined) {
        await trx
          .updateTable('monitors')
          .set({ baseline: completion.baseline, baseline_run_id: completion.runId })
          .where('id', '=', completion.monitorId)
          .execute();
      }
      if (completion.change) await recordChange(trx, completion.change.row, completion.change.webhook, completion.completedAt);
      return true;
    });
  }

  async runs(monitorId: string, page: Page): Promise<MonitorRunRow[]> {
    let query = this.#db.selectFrom('monitor_runs').selectAll().where('monitor_id', '=', monitorId);
    if (page.before) query = query.where('seq', '<', page.before.at);
    return query.orderBy('seq', 'desc').limit(page.limit).execute();
  }

  async changes(monitorId: string, page: Page): Promise<MonitorChangeRow[]> {
    let query = this.#db.selectFrom('monitor_changes').selectAll().where('monitor_id', '=', monitorId);
    if (page.before) query = query.where('seq', '<', page.before.at);
    return query.orderBy('seq', 'desc').limit(page.limit).execute();
  }

  /** Retention: finished runs and changes recorded before `before` (baselines live on the monitor, so none is lost). */
  async pruneHistory(before: number): Promise<{ monitor_runs: number; monitor_changes: number }> {
    return this.#db.transaction().execute(async (trx) => {
      const runs = await trx
        .deleteFrom('monitor_runs')
        .where('created_at', '<=', before)
        .where('status', 'in', ['completed', 'failed', 'skipped'])
        .executeTakeFirst();
      const changes = await trx.deleteFrom('monitor_changes').where('detected_at', '<=', before).executeTakeFirst();
      return { monitor_runs: Number(runs.numDeletedRows), monitor_changes: Number(changes.numDeletedRows) };
    });
  }
}

async function recordChange(
  trx: Transaction<Database>,
  row: Omit<Insertable<MonitorChangesTable>, 'seq'>,
  webhook: { url: string; payload: string; jobId: string } | undefined,
  now: number,
): Promise<void> {
  await trx
    .insertInto('monitor_changes')
    .values({ ...row, seq: await nextSeq(trx, 'monitor_changes', row.monitor_id) })
    .execute();
  if (webhook) await enqueueDelivery(trx, { jobId: webhook.jobId, tenant: row.tenant, url: webhook.url, payload: webhook.payload, now });
}

/** The monitor's next run or change number, read in the inserting transaction. */
async function nextSeq(trx: Transaction<Database>, table: 'monitor_runs' | 'monitor_changes', monitorId: string): Promise<number> {
  const row = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.max('seq').as('last'))
    .where('monitor_id', '=', monitorId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}
