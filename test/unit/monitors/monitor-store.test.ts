import { MonitorStore } from '../../../src/monitors/monitor-store';
import { useTempDatabase } from '../../helpers/temp-database';

const database = useTempDatabase();
let store: MonitorStore;

beforeEach(async () => {
  store = new MonitorStore(database.db);
  await store.insert({
    id: 'mon_1',
    tenant: 't1',
    name: 'm',
    url: 'https://example.com/',
    mode: 'content',
    cron: '* * * * *',
    timezone: 'UTC',
    status: 'active',
    settings: '{}',
    webhook_url: 'https://hooks.example.com/',
    next_run_at: 60_000,
    baseline: null,
    baseline_run_id: null,
    created_at: 0,
    updated_at: 0,
  });
});

const scheduled = (id: string, at: number, created = at) => ({
  id,
  monitor_id: 'mon_1',
  tenant: 't1',
  slot: `schedule:${at}`,
  trigger: 'schedule' as const,
  scheduled_for: at,
  created_at: created,
});

const change = (id: string, runId: string, at: number) => ({
  row: { id, monitor_id: 'mon_1', tenant: 't1', run_id: runId, previous_run_id: null, details: '{}', detected_at: at },
  webhook: { url: 'https://hooks.example.com/', payload: '{"type":"monitor.change_detected"}', jobId: 'job_1' },
});

describe('MonitorStore', () => {
  it('claims a scheduled time once: a second claim of the same time (another tick, a restarted process) gets nothing', async () => {
    const first = await store.claimRun(scheduled('mrun_a', 60_000), 120_000);
    expect(first).toMatchObject({ status: 'pending', seq: 1 });
    expect(await store.claimRun(scheduled('mrun_b', 60_000), 120_000)).toBeUndefined();
    expect((await store.findById('mon_1'))?.next_run_at).toBe(120_000);
    expect(await store.runs('mon_1', { limit: 10 })).toHaveLength(1);
  });

  it('records a scheduled run as skipped while another run is pending or running; manual runs are never skipped', async () => {
    await store.claimRun(scheduled('mrun_a', 60_000), 120_000);
    await store.attachJob('mrun_a', 'job_a');
    const skipped = await store.claimRun(scheduled('mrun_b', 120_000), 180_000);
    expect(skipped).toMatchObject({ status: 'skipped', seq: 2, error_message: expect.stringContaining('mrun_a'), completed_at: 120_000 });
    const manual = await store.claimRun({
      id: 'mrun_m',
      monitor_id: 'mon_1',
      tenant: 't1',
      slot: 'manual:mrun_m',
      trigger: 'manual',
      scheduled_for: 130_000,
      created_at: 130_000,
    });
    expect(manual).toMatchObject({ status: 'pending', seq: 3 });
  });

  it('ends a run once: the change, its outbox row and the baseline are written by the first completion only', async () => {
    await store.claimRun(scheduled('mrun_a', 60_000), 120_000);
    await store.attachJob('mrun_a', 'job_1');
    const completion = {
      runId: 'mrun_a',
      monitorId: 'mon_1',
      status: 'completed' as const,
      completedAt: 70_000,
      baseline: '{"markdown":"x"}',
      change: change('mchg_1', 'mrun_a', 70_000),
    };
    expect(await store.completeRun(completion)).toBe(true);
    expect(await store.completeRun({ ...completion, change: change('mchg_2', 'mrun_a', 71_000) })).toBe(false);
    expect((await store.changes('mon_1', { limit: 10 })).map((row) => row.id)).toEqual(['mchg_1']);
    const deliveries = await database.db.selectFrom('webhook_deliveries').selectAll().execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ tenant: 't1', job_id: 'job_1', status: 'pending', url: 'https://hooks.example.com/' });
    expect(await store.findById('mon_1')).toMatchObject({ baseline: '{"markdown":"x"}', baseline_run_id: 'mrun_a' });
    expect(await store.findRun('mrun_a')).toMatchObject({ status: 'completed', changed: 1, change_id: 'mchg_1' });
  });

  it('prunes finished runs and changes before the cut-off, never unfinished runs or the baseline', async () => {
    await store.claimRun(scheduled('mrun_old', 60_000), 120_000);
    await store.completeRun({
      runId: 'mrun_old',
      monitorId: 'mon_1',
      status: 'completed',
      completedAt: 61_000,
      baseline: '{"markdown":"b"}',
      change: change('mchg_old', 'mrun_old', 61_000),
    });
    await store.claimRun(scheduled('mrun_stuck', 120_000), 180_000);
    await store.claimRun({ ...scheduled('mrun_new', 180_000), created_at: 500_000 }, 240_000);
    expect(await store.pruneHistory(200_000)).toEqual({ monitor_runs: 1, monitor_changes: 1 });
    expect((await store.runs('mon_1', { limit: 10 })).map((run) => run.id)).toEqual(['mrun_new', 'mrun_stuck']);
    expect(await store.findById('mon_1')).toMatchObject({ baseline: '{"markdown":"b"}' });
  });

  it('pages runs newest first by their order within the monitor, and deleting a monitor deletes its history', async () => {
    for (const [index, id] of ['r1', 'r2', 'r3'].entries()) {
      await store.claimRun({ id, monitor_id: 'mon_1', tenant: 't1', slot: `manual:${id}`, trigger: 'manual', scheduled_for: 5, created_at: 5 });
      await store.completeRun({ runId: id, monitorId: 'mon_1', status: 'failed', completedAt: 5 + index, error: { code: 'timeout', message: 'slow' } });
    }
    expect((await store.runs('mon_1', { limit: 2 })).map((run) => run.id)).toEqual(['r3', 'r2']);
    expect((await store.runs('mon_1', { limit: 2, before: { at: 2, id: 'r2' } })).map((run) => run.id)).toEqual(['r1']);
    expect(await store.delete('t2', 'mon_1')).toBe(false);
    expect(await store.delete('t1', 'mon_1')).toBe(true);
    expect(await database.db.selectFrom('monitor_runs').selectAll().execute()).toEqual([]);
  });
});
