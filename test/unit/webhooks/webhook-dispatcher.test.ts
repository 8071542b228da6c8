import { configSchema } from '../../../src/config/config-schema';
import { ScrapioError } from '../../../src/errors';
import { createLogger } from '../../../src/logger';
import { signatureHeader } from '../../../src/webhooks/signature';
import { WebhookDispatcher } from '../../../src/webhooks/webhook-dispatcher';
import { WebhookStore } from '../../../src/webhooks/webhook-store';
import { deferred } from '../../helpers/deferred';
import { FakeClock, flushPromises } from '../../helpers/fake-clock';
import { createFakeFetch, fakeDocument, type FakeFetch } from '../../helpers/fake-fetch';
import { useTempDatabase } from '../../helpers/temp-database';

const HOOK = 'http://hooks.example/scrapio';
const SECRET = 'a-webhook-secret-of-some-length';
const TENANT = 't_tenant_a';

const database = useTempDatabase();
/** The time deliveries are due by; moving it fires no tick, so a test's kick() runs each round. */
let clock: FakeClock;
/** The dispatcher's tick timer, moved only by the test about ticks. */
let ticks: FakeClock;
let store: WebhookStore;
let dispatcher: WebhookDispatcher;
/** What the receiver answers, one entry per attempt: a status code, or an error the HTTP client throws. */
let answers: Array<number | Error | Promise<number>>;
let receiver: FakeFetch;
/** Called as each request reaches the receiver, for tests that wait for one. */
let onRequest: () => void;

beforeEach(() => {
  clock = new FakeClock();
  ticks = new FakeClock();
  store = new WebhookStore(database.db);
  answers = [];
  onRequest = () => undefined;
  receiver = createFakeFetch({
    [HOOK]: async () => {
      onRequest();
      const answer = answers.shift();
      if (answer === undefined) throw new Error('the test gave no answer for this attempt');
      if (answer instanceof Error) throw answer;
      return fakeDocument(HOOK, { status: await answer, body: '' });
    },
  });
  const config = configSchema.parse({ webhooks: { maxAttempts: 4, initialBackoffMs: 2000, maxBackoffMs: 5000, timeoutMs: 3000 } });
  dispatcher = new WebhookDispatcher({
    store,
    http: { request: receiver.fetch },
    config,
    clock,
    timers: ticks,
    logger: createLogger('silent'),
    secrets: { secretFor: (tenant) => (tenant === TENANT ? SECRET : `not-${TENANT}`) },
  });
  dispatcher.start();
});

afterEach(() => dispatcher.stop());

async function enqueue(payload = '{"type":"job.completed"}', dueAt = clock.now()): Promise<number> {
  const row = await database.db
    .insertInto('webhook_deliveries')
    .values({ job_id: 'job_1', tenant: TENANT, url: HOOK, payload, status: 'pending', attempt: 0, next_attempt_at: dueAt, created_at: clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function delivery(id: number) {
  return database.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('WebhookDispatcher', () => {
  it('POSTs a due delivery once, signed with the secret, and marks it delivered', async () => {
    const payload = '{"type":"job.completed","data":{"job_id":"job_1"}}';
    const id = await enqueue(payload);
    const notYetDue = await enqueue('{"later":true}', clock.now() + 10_000);
    answers.push(204);

    await dispatcher.kick();
    expect(receiver.calls).toHaveLength(1);
    expect(receiver.calls[0]).toMatchObject({
      url: HOOK,
      method: 'POST',
      body: payload,
      followRedirects: false,
      timeoutMs: 3000,
      headers: { 'content-type': 'application/json', 'scrapio-signature': signatureHeader(SECRET, payload, Math.floor(clock.now() / 1000)) },
    });
    expect(await delivery(id)).toMatchObject({ status: 'delivered', attempt: 1, delivered_at: clock.now(), last_error: null });

    await dispatcher.kick();
    expect(receiver.calls).toHaveLength(1);
    expect(await delivery(notYetDue)).toMatchObject({ status: 'pending', attempt: 0 });
  });

  it('retries a failed attempt with exponential backoff capped at maxBackoffMs, and gives up after maxAttempts', async () => {
    const id = await enqueue();
    const firstAt = clock.now();
    answers.push(500, 503, 500, 500);

    await dispatcher.kick();
    expect(await delivery(id)).toMatchObject({ status: 'pending', attempt: 1, last_error: 'HTTP 500', next_attempt_at: firstAt + 2000 });

    clock.advance(1999);
    await dispatcher.kick();
    expect(receiver.calls).toHaveLength(1);

    clock.advance(1);
    await dispatcher.kick();
    expect(await delivery(id)).toMatchObject({ status: 'pending', attempt: 2, last_error: 'HTTP 503', next_attempt_at: firstAt + 2000 + 4000 });

    clock.advance(4000);
    await dispatcher.kick();
    // 2000 · 2² = 8000 is over the 5000 cap.
    expect(await delivery(id)).toMatchObject({ status: 'pending', attempt: 3, next_attempt_at: firstAt + 6000 + 5000 });

    clock.advance(5000);
    await dispatcher.kick();
    expect(await delivery(id)).toMatchObject({ status: 'failed', attempt: 4, last_error: 'HTTP 500' });

    clock.advance(600_000);
    await dispatcher.kick();
    expect(receiver.calls).toHaveLength(4);
  });

  it('counts a thrown request error as a failed attempt, and delivers on a later one', async () => {
    const id = await enqueue();
    answers.push(new ScrapioError('target_unreachable', 'connect ECONNREFUSED'), 200);

    await dispatcher.kick();
    expect(await delivery(id)).toMatchObject({ status: 'pending', attempt: 1, last_error: 'connect ECONNREFUSED' });
    clock.advance(2000);
    await dispatcher.kick();
    expect(await delivery(id)).toMatchObject({ status: 'delivered', attempt: 2, delivered_at: clock.now() });
  });

  it('runs a round on every tick of the clock, never two at once, and stop() waits for the one in flight', async () => {
    const id = await enqueue();
    const slowAnswer = deferred<number>();
    answers.push(slowAnswer.promise);
    const arrived = deferred<void>();
    onRequest = () => arrived.resolve();

    ticks.advance(999);
    await flushPromises();
    expect(receiver.calls).toHaveLength(0);
    ticks.advance(1); // the tick starts a round
    await arrived.promise;
    const round = dispatcher.kick();
    expect(dispatcher.kick()).toBe(round); // joins the round in flight
    ticks.advance(1000); // so does the next tick while the receiver is slow
    await flushPromises();
    expect(receiver.calls).toHaveLength(1);

    const stopped = dispatcher.stop();
    slowAnswer.resolve(204);
    await Promise.all([round, stopped]);
    expect(await delivery(id)).toMatchObject({ status: 'delivered', attempt: 1 });

    // Stopped: neither ticks nor kicks send anything.
    await enqueue();
    ticks.advance(10_000);
    await dispatcher.kick();
    expect(receiver.calls).toHaveLength(1);
  });
});
