import { configSchema, type ConfigInput } from '../../../src/config/config-schema';
import { ScrapioError } from '../../../src/errors';
import { JobEvents } from '../../../src/jobs/job-events';
import { newJobId } from '../../../src/jobs/job-service';
import { JobStore } from '../../../src/jobs/job-store';
import { WorkerPool } from '../../../src/jobs/worker-pool';
import { createLogger } from '../../../src/logger';
import type { JobKind, SurfaceServices } from '../../../src/surfaces/registry';
import type { Surface, SurfaceResult } from '../../../src/surfaces/surface';
import { WebhookStore } from '../../../src/webhooks/webhook-store';
import { deferred } from '../../helpers/deferred';
import { FakeClock, flushPromises } from '../../helpers/fake-clock';
import { useTempDatabase } from '../../helpers/temp-database';

/** One call of the scripted surface's run(): the test ends it with finish() or fail() when it chooses. */
interface ScriptedRun {
  jobId: string;
  attempt: number;
  input: Record<string, unknown>;
  signal: AbortSignal;
  finish(result: SurfaceResult): void;
  fail(error: unknown): void;
}

/** A surface whose runs wait for the test: no sleeps, every step is an explicit event. */
function scriptedSurface(): { surface: Surface; runs: ScriptedRun[]; nextRun(): Promise<ScriptedRun> } {
  const runs: ScriptedRun[] = [];
  let handedOut = 0;
  const waiting: Array<(run: ScriptedRun) => void> = [];
  const surface: Surface<Record<string, unknown>> = {
    kind: 'scripted',
    inputSchema: () => {
      throw new Error('not used by the worker pool');
    },
    defaultTimeoutMs: () => 60_000,
    run: (input, context) => {
      const outcome = deferred<SurfaceResult>();
      const run: ScriptedRun = {
        jobId: context.jobId,
        attempt: context.attempt,
        input,
        signal: context.signal,
        finish: outcome.resolve,
        fail: outcome.reject,
      };
      runs.push(run);
      const waiter = waiting.shift();
      if (waiter) {
        handedOut += 1;
        waiter(run);
      }
      return outcome.promise;
    },
    inlineView: async () => ({}),
    resultView: async () => ({}),
  };
  const nextRun = (): Promise<ScriptedRun> => {
    if (handedOut < runs.length) return Promise.resolve(runs[handedOut++]);
    return new Promise((resolve) => waiting.push(resolve));
  };
  return { surface, runs, nextRun };
}

const database = useTempDatabase();
let clock: FakeClock;
let store: JobStore;
let events: JobEvents;
let scripted: ReturnType<typeof scriptedSurface>;
let pool: WorkerPool | undefined;

beforeEach(() => {
  clock = new FakeClock();
  store = new JobStore(database.db);
  events = new JobEvents();
  scripted = scriptedSurface();
});

afterEach(async () => {
  // Ends whatever a test left running (its runs are rejected below) before the database closes.
  const stopping = pool?.stop(0);
  clock.advance(0);
  for (const run of scripted.runs) run.fail(new Error('test over'));
  await stopping;
  pool = undefined;
});

function startPool(overrides: ConfigInput = {}): WorkerPool {
  const config = configSchema.parse({ workers: { concurrency: 2, maxAttempts: 3 }, retention: { resultTtlSeconds: 60 }, ...overrides });
  pool = new WorkerPool({
    store,
    events,
    services: {} as SurfaceServices,
    config,
    clock,
    timers: clock,
    logger: createLogger('silent'),
    surfaces: { scripted: scripted.surface },
  });
  pool.start();
  return pool;
}

/** Queues a job and wakes the pool (pass `id` to subscribe to its events before it can change). */
async function submit(options: { id?: string; priority?: number; input?: Record<string, unknown>; webhookUrl?: string; kind?: string } = {}): Promise<string> {
  const id = options.id ?? newJobId();
  const kind = (options.kind ?? 'scripted') as JobKind;
  await store.create({
    id,
    tenant: 't1',
    kind,
    priority: options.priority ?? 10,
    input: options.input ?? {},
    webhookUrl: options.webhookUrl,
    createdAt: clock.now(),
  });
  events.queued();
  return id;
}

/** Resolves when the job's next status change is `status` (subscribe before causing it). */
function nextStatus(jobId: string, status: string): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = events.onChange(jobId, (change) => {
      if (change.status !== status) return;
      unsubscribe();
      resolve();
    });
  });
}

async function row(jobId: string) {
  const found = await store.findById(jobId);
  if (!found) throw new Error(`job ${jobId} is gone`);
  return found;
}

const completed = (body: Record<string, unknown> = { ok: true }): SurfaceResult => ({ status: 'completed', body });

describe('WorkerPool', () => {
  it('runs at most workers.concurrency jobs at once, by priority, and claims the next when one ends', async () => {
    const low = await submit({ priority: 10 });
    const high = await submit({ priority: 0 });
    const middle = await submit({ priority: 5 });
    startPool({ workers: { concurrency: 2 } });

    const first = await scripted.nextRun();
    const second = await scripted.nextRun();
    expect([first.jobId, second.jobId]).toEqual([high, middle]);
    await flushPromises();
    expect(scripted.runs).toHaveLength(2);
    expect(pool?.runningCount).toBe(2);
    expect((await row(low)).status).toBe('queued');

    first.finish(completed());
    const third = await scripted.nextRun();
    expect(third.jobId).toBe(low);
    expect((await row(low)).status).toBe('running');
  });

  it('records a completed result that expires after retention.resultTtlSeconds, with its webhook in the outbox', async () => {
    startPool({ retention: { resultTtlSeconds: 60 } });
    const seen: string[] = [];
    const id = newJobId();
    events.onChange(id, (change) => seen.push(change.status));
    await submit({ id, webhookUrl: 'http://hooks.example/done' });
    const run = await scripted.nextRun();
    expect(run).toMatchObject({ jobId: id, attempt: 1 });

    clock.advance(250);
    const done = nextStatus(id, 'completed');
    run.finish(completed({ answer: 42 }));
    await done;

    const ended = await row(id);
    expect(ended).toMatchObject({ status: 'completed', completed_at: clock.now(), result_expires_at: clock.now() + 60_000, locked_by: null, error_code: null });
    expect(await store.readResult(id)).toEqual({ answer: 42 });
    expect(seen).toEqual(['running', 'completed']);
    const outbox = await new WebhookStore(database.db).forJob(id);
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0].payload)).toMatchObject({ type: 'job.completed', data: { job_id: id, status: 'completed' } });
  });

  it('retries a retryable failure after the policy backoff (1 s, then 2 s), and fails for good at workers.maxAttempts', async () => {
    startPool({ workers: { maxAttempts: 3 } });
    const startedAt = clock.now();
    const id = await submit();
    const unreachable = () => new ScrapioError('target_unreachable', 'connection refused');

    const requeued = nextStatus(id, 'queued');
    (await scripted.nextRun()).fail(unreachable());
    await requeued;
    expect(await row(id)).toMatchObject({ status: 'queued', attempt: 1, run_at: startedAt + 1000, error_code: 'target_unreachable', locked_by: null });

    // Woken early (a new job was queued), the pool still leaves it alone until run_at.
    clock.advance(999);
    events.queued();
    await flushPromises();
    expect(scripted.runs).toHaveLength(1);

    clock.advance(1);
    const second = await scripted.nextRun();
    expect(second).toMatchObject({ jobId: id, attempt: 2 });
    const requeuedAgain = nextStatus(id, 'queued');
    second.fail(unreachable());
    await requeuedAgain;
    expect((await row(id)).run_at).toBe(startedAt + 1000 + 2000);

    clock.advance(1999);
    await flushPromises();
    expect(scripted.runs).toHaveLength(2);
    clock.advance(1);
    const third = await scripted.nextRun();
    expect(third.attempt).toBe(3);
    const failed = nextStatus(id, 'failed');
    third.fail(unreachable());
    await failed;
    expect(await row(id)).toMatchObject({ status: 'failed', attempt: 3, error_code: 'target_unreachable', error_message: 'connection refused' });
    expect(JSON.parse((await row(id)).error_diagnostics ?? 'null')).toEqual({ outcome: 'failed', retryable: true });
  });

  it('fails a non-retryable error at once, without another attempt', async () => {
    startPool({ workers: { maxAttempts: 3 } });
    const id = await submit();
    const failed = nextStatus(id, 'failed');
    (await scripted.nextRun()).fail(new ScrapioError('url_not_allowed', 'refused by policy'));
    await failed;
    expect(await row(id)).toMatchObject({ status: 'failed', attempt: 1, error_code: 'url_not_allowed' });
    clock.advance(60_000);
    await flushPromises();
    expect(scripted.runs).toHaveLength(1);
  });

  it('aborts a run when its timeout_ms passes on the clock, and records a timeout', async () => {
    startPool({ workers: { maxAttempts: 1 } });
    const id = await submit({ input: { timeout_ms: 5000 } });
    const run = await scripted.nextRun();
    clock.advance(4999);
    expect(run.signal.aborted).toBe(false);
    clock.advance(1);
    expect(run.signal.aborted).toBe(true);
    expect(run.signal.reason).toMatchObject({ code: 'timeout' });

    const failed = nextStatus(id, 'failed');
    run.fail(run.signal.reason);
    await failed;
    expect(await row(id)).toMatchObject({ status: 'failed', error_code: 'timeout' });
    expect(JSON.parse((await row(id)).error_diagnostics ?? 'null')).toMatchObject({ timed_out: true });
  });

  it('on cancel, fires the signal and keeps the partial result the surface hands back', async () => {
    const running = startPool();
    const id = await submit();
    const run = await scripted.nextRun();
    await store.cancel(id, clock.now(), clock.now() + 60_000);
    running.abort(id);
    expect(run.signal.reason).toMatchObject({ code: 'cancelled' });

    run.finish({ status: 'partial', body: { pages: ['kept'] } });
    await running.stop(1000); // resolves once the run is recorded: the grace timer never fires on the fake clock
    expect((await row(id)).status).toBe('cancelled');
    expect(await store.readResult(id)).toEqual({ pages: ['kept'] });
  });

  /** Stops the pool with 5 s of grace while a job runs, and lets 4999 ms of it pass. */
  async function stopDuringRun() {
    const running = startPool();
    const id = await submit();
    const run = await scripted.nextRun();
    const stopped = running.stop(5000);
    clock.advance(4999);
    expect(run.signal.aborted).toBe(false);
    return { id, run, stopped };
  }

  it('at stop, lets a running job finish within the grace period', async () => {
    const { id, run, stopped } = await stopDuringRun();
    run.finish(completed());
    await stopped;
    expect((await row(id)).status).toBe('completed');
  });

  it('after the grace period, aborts the running job and puts it back in the queue, and claims nothing new', async () => {
    const { id, run, stopped } = await stopDuringRun();
    clock.advance(1);
    await flushPromises(); // the grace timer settles a race; the abort follows on the next turn
    expect(run.signal.reason).toMatchObject({ code: 'internal_error', retryable: true });

    run.fail(run.signal.reason);
    await stopped;
    expect(await row(id)).toMatchObject({ status: 'queued', attempt: 1, error_code: null, locked_by: null });
    await submit();
    await flushPromises();
    expect(scripted.runs).toHaveLength(1);
  });

  it('fails a job of a kind no surface runs with invalid_request', async () => {
    startPool();
    const id = newJobId();
    const failed = nextStatus(id, 'failed');
    await submit({ id, kind: 'no_such_kind' });
    await failed;
    expect(await row(id)).toMatchObject({ status: 'failed', error_code: 'invalid_request', error_message: 'Unknown job kind "no_such_kind".' });
    expect(scripted.runs).toHaveLength(0);
  });
});
