import pino from 'pino';
import { configSchema } from '../../../src/config/config-schema';
import { newJobId } from '../../../src/jobs/job-service';
import { JobStore } from '../../../src/jobs/job-store';
import { startPruneTask, type PruneHook, type Pruner, type PruneSchedule } from '../../../src/scheduler/prune-task';
import { WebhookStore } from '../../../src/webhooks/webhook-store';
import { deferred } from '../../helpers/deferred';
import { FakeClock, flushPromises } from '../../helpers/fake-clock';
import { useTempDatabase } from '../../helpers/temp-database';

const TTL_SECONDS = 60;
const TTL_MS = TTL_SECONDS * 1000;
/** Status rows outlive their results seven times the result TTL. */
const STATUS_ROW_MS = 7 * TTL_MS;

const database = useTempDatabase();
let clock: FakeClock;
let jobs: JobStore;
let webhooks: WebhookStore;
let logLines: Array<Record<string, unknown>>;
let logWaiters: Array<(line: Record<string, unknown>) => void>;
/** The ticks the task asked for: the test fires them itself. */
let scheduled: { expression: string; tick: () => void; stopped: boolean } | undefined;
let pruner: Pruner | undefined;

const fakeSchedule: PruneSchedule = (expression, tick) => {
  const entry = { expression, tick, stopped: false };
  scheduled = entry;
  return { stop: () => void (entry.stopped = true) };
};

beforeEach(() => {
  clock = new FakeClock();
  jobs = new JobStore(database.db);
  webhooks = new WebhookStore(database.db);
  logLines = [];
  logWaiters = [];
  scheduled = undefined;
});

afterEach(async () => {
  await pruner?.stop();
  pruner = undefined;
});

function startPruner(hooks: PruneHook[] = []): Pruner {
  const config = configSchema.parse({ retention: { resultTtlSeconds: TTL_SECONDS, pruneSchedule: '*/10 * * * * *' } });
  const write = (line: string) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    logLines.push(entry);
    for (const waiter of logWaiters.splice(0)) waiter(entry);
  };
  const logger = pino({ level: 'info' }, { write });
  pruner = startPruneTask({ config, clock, logger, jobs, webhooks, hooks, schedule: fakeSchedule });
  return pruner;
}

/** Resolves with the next log line whose msg is `msg`. */
function nextLog(msg: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const wait = (line: Record<string, unknown>) => (line.msg === msg ? resolve(line) : logWaiters.push(wait));
    logWaiters.push(wait);
  });
}

/** A job that ended now, as the worker records it: its result expires after the TTL; a webhook and a key come with it. */
async function endedJob(): Promise<string> {
  const id = newJobId();
  const now = clock.now();
  await jobs.create(
    { id, tenant: 't1', kind: 'fetch', priority: 10, input: {}, webhookUrl: 'http://hooks.example/', createdAt: now },
    { tenant: 't1', key: `key-${id}`, fingerprint: 'f', expiresAt: now + TTL_MS },
  );
  await jobs.claimNext('worker', now);
  await jobs.finish(id, { status: 'completed', completedAt: now, resultExpiresAt: now + TTL_MS, resultBody: { ok: true }, webhookPayload: () => '{}' });
  return id;
}

async function state(id: string) {
  const deliveries = await webhooks.forJob(id);
  return {
    job: (await jobs.findById(id)) !== undefined,
    result: (await jobs.readResult(id)) !== undefined,
    key: await jobs.hasIdempotencyKey('t1', `key-${id}`),
    webhooks: deliveries.map((delivery) => delivery.status),
  };
}

describe('the retention prune task', () => {
  it('deletes results, keys and finished webhooks at the result TTL, status rows at seven times it, and never live work', async () => {
    const pruned = startPruner();
    const ended = await endedJob();
    const delivered = (await webhooks.forJob(ended))[0];
    await webhooks.markDelivered(delivered.id, 1, clock.now());
    // Still in the works at the same time: a running job and a webhook that keeps failing.
    const running = newJobId();
    await jobs.create({ id: running, tenant: 't1', kind: 'fetch', priority: 10, input: {}, webhookUrl: 'http://hooks.example/', createdAt: clock.now() });
    await jobs.claimNext('worker', clock.now());
    const retrying = await endedJob();

    clock.advance(TTL_MS - 1);
    await pruned.pruneNow();
    expect(await state(ended)).toEqual({ job: true, result: true, key: true, webhooks: ['delivered'] });
    expect(logLines).toEqual([]); // nothing deleted, nothing said

    clock.advance(1);
    await pruned.pruneNow();
    expect(await state(ended)).toEqual({ job: true, result: false, key: false, webhooks: [] });
    expect(await state(retrying)).toMatchObject({ job: true, webhooks: ['pending'] });
    expect(logLines.at(-1)).toMatchObject({ msg: 'retention: expired data deleted', pruned: { results: 2, keys: 2, jobs: 0, webhooks: 1 } });

    clock.advance(STATUS_ROW_MS - TTL_MS - 1);
    await pruned.pruneNow();
    expect(await state(ended)).toMatchObject({ job: true });

    clock.advance(1);
    await pruned.pruneNow();
    expect(await state(ended)).toMatchObject({ job: false });
    expect(await state(retrying)).toEqual({ job: false, result: false, key: false, webhooks: ['pending'] });
    expect(await jobs.findById(running)).toMatchObject({ status: 'running' });
  });

  it('asks every hook to prune with the current time and the TTL, and logs their counts with the rest', async () => {
    const calls: Array<[number, number]> = [];
    const pruned = startPruner([
      {
        prune: async (now, ttlMs) => {
          calls.push([now, ttlMs]);
          return { crawl_pages: 3 };
        },
      },
      { prune: async () => ({ files: 0, sessions: 1 }) },
    ]);
    await pruned.pruneNow();
    expect(calls).toEqual([[clock.now(), TTL_MS]]);
    expect(logLines).toEqual([
      expect.objectContaining({
        msg: 'retention: expired data deleted',
        pruned: { results: 0, keys: 0, jobs: 0, webhooks: 0, crawl_pages: 3, files: 0, sessions: 1 },
      }),
    ]);
  });

  it('runs on retention.pruneSchedule, skips a tick while a prune is running, and stop() waits for it', async () => {
    const arrived = deferred<void>();
    const release = deferred<void>();
    let calls = 0;
    const pruned = startPruner([
      {
        prune: async () => {
          calls += 1;
          arrived.resolve();
          await release.promise;
          return { crawl_pages: 1 };
        },
      },
    ]);
    expect(scheduled?.expression).toBe('*/10 * * * * *');

    scheduled?.tick();
    await arrived.promise;
    scheduled?.tick(); // the first prune is still running: skipped
    const stopped = pruned.stop();
    await flushPromises();
    expect(logLines).toEqual([]); // stop() is still waiting for the prune
    release.resolve();
    await stopped;
    expect(scheduled?.stopped).toBe(true);
    expect(calls).toBe(1);
    expect(logLines).toEqual([expect.objectContaining({ msg: 'retention: expired data deleted' })]);
  });

  it('logs a failed prune, and the next tick tries again', async () => {
    let calls = 0;
    const secondCall = deferred<void>();
    startPruner([
      {
        prune: async () => {
          calls += 1;
          if (calls === 1) throw new Error('disk full');
          secondCall.resolve();
          return {};
        },
      },
    ]);
    const failed = nextLog('retention prune failed');
    scheduled?.tick();
    expect((await failed).err).toMatchObject({ message: 'disk full' });
    await flushPromises(); // the failed prune lets go of its slot
    scheduled?.tick();
    await secondCall.promise;
    expect(calls).toBe(2);
  });
});
