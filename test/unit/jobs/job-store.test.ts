import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../../src/db/database';
import { JobStore } from '../../../src/jobs/job-store';
import { newJobId } from '../../../src/jobs/job-service';
import { tempDir } from '../../helpers/test-server';

let opened: OpenedDatabase;
let store: JobStore;

beforeEach(async () => {
  opened = await openDatabase(path.join(tempDir(), 'test.db'));
  store = new JobStore(opened.db);
});

afterEach(async () => opened.close());

const job = (priority = 10, createdAt = 1000) => ({ id: newJobId(), tenant: 't1', kind: 'fetch' as const, priority, input: { url: 'http://x/' }, createdAt });

describe('JobStore', () => {
  it('claims by priority then age, each job once, even with concurrent claimers', async () => {
    const old = job(10, 1000);
    const inline = job(0, 2000);
    const young = job(10, 3000);
    for (const j of [young, old, inline]) await store.create(j);
    const claims = await Promise.all([store.claimNext('a', 5000), store.claimNext('b', 5000), store.claimNext('c', 5000), store.claimNext('d', 5000)]);
    expect(claims.map((row) => row?.id)).toEqual([inline.id, old.id, young.id, undefined]);
    expect(claims[0]).toMatchObject({ status: 'running', locked_by: 'a', attempt: 1, started_at: 5000 });
  });

  it('claims round-robin across tenants (the one that waited longest first), inline priority still first', async () => {
    const of = (tenant: string, priority: number, createdAt: number) => ({ ...job(priority, createdAt), tenant });
    // Tenant a queued a burst before b and c queued anything.
    const a1 = of('a', 10, 1000);
    const a2 = of('a', 10, 1001);
    const a3 = of('a', 10, 1002);
    const a4 = of('a', 10, 1003);
    const b1 = of('b', 10, 2000);
    const b2 = of('b', 10, 2001);
    const c1 = of('c', 10, 3000);
    for (const j of [a1, a2, a3, a4, b1, b2, c1]) await store.create(j);
    const order: string[] = [];
    const claim = async () => order.push((await store.claimNext('w', 5000))!.id);
    await claim(); // a1: nobody has had a turn, so the oldest job goes
    await claim(); // b1
    const inline = of('a', 0, 4000);
    await store.create(inline);
    await claim(); // a's inline job: priority beats turns
    for (let i = 0; i < 4; i += 1) await claim();
    expect(order).toEqual([a1.id, b1.id, inline.id, c1.id, b2.id, a2.id, a3.id]);
    expect((await store.claimNext('w', 5000))?.id).toBe(a4.id);
    expect(await store.claimNext('w', 5000)).toBeUndefined();
  });

  it('counts queued jobs per tenant', async () => {
    await store.create({ ...job(), tenant: 'a' });
    await store.create({ ...job(), tenant: 'a' });
    await store.create({ ...job(), tenant: 'b' });
    expect(await store.countQueuedFor('a')).toBe(2);
    expect(await store.countQueuedFor('b')).toBe(1);
    expect(await store.countQueued()).toBe(3);
  });

  it('does not claim a job before its run_at (retry backoff)', async () => {
    const j = job();
    await store.create(j);
    await store.claimNext('a', 2000);
    await store.requeue(j.id, 10_000);
    expect(await store.claimNext('a', 9_999)).toBeUndefined();
    expect(await store.nextRunAt()).toBe(10_000);
    expect((await store.claimNext('a', 10_000))?.attempt).toBe(2);
  });

  it('guards every transition: a lost race changes nothing', async () => {
    const j = job();
    await store.create(j);
    // A queued job cannot complete.
    expect(await store.finish(j.id, { status: 'completed', completedAt: 1, resultExpiresAt: 2, resultBody: {} })).toBeUndefined();
    await store.claimNext('a', 2000);
    expect(await store.cancel(j.id, 3000, 4000)).toMatchObject({ status: 'cancelled' });
    // The worker finishing after the cancel loses: the status stays cancelled and no result is stored.
    expect(await store.finish(j.id, { status: 'completed', completedAt: 3500, resultExpiresAt: 9000, resultBody: { x: 1 } })).toBeUndefined();
    expect((await store.findById(j.id))?.status).toBe('cancelled');
    expect(await store.readResult(j.id)).toBeUndefined();
    expect(await store.requeue(j.id, 0)).toBe(false);
    expect(await store.cancel(j.id, 5000, 6000)).toBeUndefined();
  });

  it('lets exactly one of many concurrent creates with one idempotency key win', async () => {
    const claim = { tenant: 't1', key: 'k', fingerprint: 'f', expiresAt: 99_999 };
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.create(job(), claim)));
    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'replayed')).toHaveLength(19);
    expect(await store.countQueued()).toBe(1);
    const conflict = await store.create(job(), { ...claim, fingerprint: 'other' });
    expect(conflict.kind).toBe('conflict');
  });

  it('requeues everything left running by a dead process', async () => {
    for (let i = 0; i < 3; i += 1) await store.create(job());
    await store.claimNext('dead', 2000);
    await store.claimNext('dead', 2000);
    expect(await store.requeueAllRunning(3000)).toBe(2);
    expect(await store.countQueued()).toBe(3);
  });

  it('prunes results and keys at their expiry, status rows later', async () => {
    const j = job();
    await store.create(j, { tenant: 't1', key: 'k1', fingerprint: 'f', expiresAt: 5000 });
    await store.claimNext('a', 1000);
    await store.finish(j.id, { status: 'completed', completedAt: 2000, resultExpiresAt: 5000, resultBody: { ok: true } });
    expect(await store.pruneExpired(4999, 0)).toEqual({ results: 0, keys: 0, jobs: 0 });
    expect(await store.pruneExpired(5000, 0)).toEqual({ results: 1, keys: 1, jobs: 0 });
    expect(await store.findById(j.id)).toBeDefined();
    expect(await store.pruneExpired(6000, 2000)).toEqual({ results: 0, keys: 0, jobs: 1 });
  });
});
