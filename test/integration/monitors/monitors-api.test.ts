import { createHmac } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { html, startFixtureServer, until, type FixtureServer } from '../../helpers/fixture-server';
import { FakeClock } from '../../helpers/fake-clock';
import { assertNoServersLeft, bearer, KEY_A, KEY_B, startTestServer, tempDir, type TestServer, waitForJob } from '../../helpers/test-server';

const MASTER_SECRET = 'whsec_monitor_test_secret_0123';
const MINUTE = 60_000;

interface Delivery {
  body: string;
  signature: string;
}

let fixture: FixtureServer;
const deliveries: Delivery[] = [];
/** The pages' current text, changed by the tests between runs. */
const page = { article: 'Our prices are fair.', updated: '12:00:00', price: '100.00' };
/** Requests to /slow wait here until the test releases them. */
let releaseSlow: (() => void) | undefined;

function articleHtml(): string {
  return `<html><head><title>News</title></head><body><article><h1>Shop news</h1><p>${page.article}</p><p>Last updated: ${page.updated}</p></article></body></html>`;
}

function productHtml(): string {
  const ld = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: 'Widget',
    offers: { '@type': 'Offer', price: page.price, priceCurrency: 'USD' },
  });
  return `<html><head><title>Widget</title><script type="application/ld+json">${ld}</script></head><body><main><h1>Widget</h1><p>Price: $${page.price}</p></main></body></html>`;
}

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/article': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articleHtml()),
    '/product': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(productHtml()),
    '/slow': (_req, res) =>
      new Promise<void>((resolve) => {
        releaseSlow = () => {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articleHtml());
          resolve();
        };
      }),
    // The text exists only after the page's script has run: a plain HTTP fetch sees an empty article.
    '/rendered': (_req, res) =>
      void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<html><body><article id="a"></article><script>document.getElementById('a').innerHTML = ${JSON.stringify(`<h1>Rendered</h1><p>${page.article}</p>`)};</script></body></html>`,
        ),
    '/static': html('<html><body><article><h1>Static</h1><p>Nothing ever changes here, the same words every time.</p></article></body></html>'),
    '/hook': (req, res, { body }) => {
      deliveries.push({ body, signature: String(req.headers['scrapio-signature']) });
      res.writeHead(204).end();
    },
  });
});

afterAll(async () => {
  await fixture.close();
  assertNoServersLeft();
});

/** A server whose clock and monitor ticks move only when the test advances them. */
async function startServer(clock: FakeClock, dataDir = tempDir()): Promise<TestServer> {
  return startTestServer({ webhooks: { secret: MASTER_SECRET }, workers: { maxAttempts: 1 } }, dataDir, { clock, timers: clock });
}

function api(ts: TestServer, key = KEY_A) {
  return {
    post: (url: string, body: object = {}) => ts.api.post(url).set(bearer(key)).send(body),
    patch: (url: string, body: object) => ts.api.patch(url).set(bearer(key)).send(body),
    get: (url: string) => ts.api.get(url).set(bearer(key)),
    delete: (url: string) => ts.api.delete(url).set(bearer(key)),
  };
}

async function runsOf(ts: TestServer, monitorId: string): Promise<Array<Record<string, any>>> {
  const res = await api(ts).get(`/v1/monitors/${monitorId}/runs?limit=100`);
  expect(res.status).toBe(200);
  return res.body.runs;
}

/** Polls (in real time) until the monitor has `count` runs that are no longer pending or running. */
async function waitForRuns(ts: TestServer, monitorId: string, count: number): Promise<Array<Record<string, any>>> {
  let runs: Array<Record<string, any>> = [];
  const deadline = Date.now() + 30000;
  for (;;) {
    runs = await runsOf(ts, monitorId);
    if (runs.length >= count && runs.every((run) => !['pending', 'running'].includes(run.status))) return runs;
    if (Date.now() > deadline) throw new Error(`monitor ${monitorId}: ${JSON.stringify(runs)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function changesOf(ts: TestServer, monitorId: string): Promise<Array<Record<string, any>>> {
  return (await api(ts).get(`/v1/monitors/${monitorId}/changes?limit=100`)).body.changes;
}

function monitorDeliveries(ts: TestServer): number {
  const db = new BetterSqlite3(path.join(ts.dataDir, 'scrapio.db'), { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE payload LIKE '{"type":"monitor.change_detected"%'`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** What a receiver does: recompute the HMAC of "t.body" with the secret GET /v1/webhooks/secret gave it. */
function verified(delivery: Delivery, secret: string): Record<string, any> {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery.signature);
  expect(match).not.toBeNull();
  expect(match![2]).toBe(createHmac('sha256', secret).update(`${match![1]}.${delivery.body}`).digest('hex'));
  return JSON.parse(delivery.body);
}

async function triggerAndWait(ts: TestServer, monitorId: string): Promise<Record<string, any>> {
  const res = await api(ts).post(`/v1/monitors/${monitorId}/trigger`);
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ run_id: expect.stringMatching(/^mrun_/), job_id: expect.stringMatching(/^job_/) });
  await waitForJob(ts.api, KEY_A, res.body.job_id);
  let run: Record<string, any> = {};
  const deadline = Date.now() + 10000;
  while (!['completed', 'failed', 'skipped'].includes(run.status)) {
    if (Date.now() > deadline) throw new Error(`run ${res.body.run_id} still ${run.status}`);
    run = (await runsOf(ts, monitorId)).find((candidate) => candidate.run_id === res.body.run_id) ?? {};
    if (!['completed', 'failed', 'skipped'].includes(run.status)) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return run;
}

describe('monitors: scheduled content checks', () => {
  const clock = new FakeClock();
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startServer(clock);
  });
  afterAll(() => ts.stop());

  it('a change gives exactly one changes row and one signed monitor.change_detected webhook; no change gives none', async () => {
    page.article = 'Our prices are fair.';
    const secret = (await api(ts).get('/v1/webhooks/secret')).body.secret as string;
    const created = await api(ts).post('/v1/monitors', {
      name: 'shop news',
      url: `${fixture.url}/article`,
      cron: '*/5 * * * *',
      watch: { ignore_patterns: ['Last updated: [0-9:]+'] },
      webhook: { url: `${fixture.url}/hook` },
    });
    expect(created.status).toBe(201);
    const id = created.body.monitor_id as string;
    expect(created.body).toMatchObject({ mode: 'content', status: 'active', cron: '*/5 * * * *', timezone: 'UTC', webhook: { url: `${fixture.url}/hook` } });
    // The fake clock starts at 00:16:40 UTC: the next */5 time is 00:20.
    expect(created.body.next_run_at).toBe('1970-01-01T00:20:00.000Z');

    clock.advance(4 * MINUTE); // 00:20:40, one tick
    const first = await waitForRuns(ts, id, 1);
    expect(first[0]).toMatchObject({ trigger: 'schedule', status: 'completed', changed: false, scheduled_for: '1970-01-01T00:20:00.000Z' });

    page.article = 'Our prices are fair. Everything is 10% off this week.';
    clock.advance(5 * MINUTE); // 00:25:40
    const second = await waitForRuns(ts, id, 2);
    expect(second[0]).toMatchObject({ status: 'completed', changed: true, scheduled_for: '1970-01-01T00:25:00.000Z' });
    const changes = await changesOf(ts, id);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ monitor_id: id, run_id: second[0].run_id, previous_run_id: first[0].run_id, first_run: false });
    expect(changes[0].diff).toMatchObject({ added: 1, removed: 1 });
    expect(changes[0].diff.unified).toContain('+Our prices are fair. Everything is 10% off this week.');
    expect(changes[0].diff.unified).toContain('-Our prices are fair.');
    expect(second[0].change_id).toBe(changes[0].change_id);
    expect((await api(ts).get(`/v1/monitors/${id}/changes/latest`)).body.change).toEqual(changes[0]);

    await until(() => deliveries.length >= 1, 15000);
    expect(deliveries).toHaveLength(1);
    const event = verified(deliveries[0], secret);
    expect(event).toEqual({ type: 'monitor.change_detected', data: changes[0] });

    // The same page again: a completed run, no change, no webhook.
    clock.advance(5 * MINUTE); // 00:30:40
    const third = await waitForRuns(ts, id, 3);
    expect(third[0]).toMatchObject({ status: 'completed', changed: false, change_id: null });
    expect(await changesOf(ts, id)).toHaveLength(1);
    expect(monitorDeliveries(ts)).toBe(1);
    expect((await api(ts).get(`/v1/monitors/${id}/runs/latest`)).body.run).toEqual(third[0]);
  });

  it('ignore_patterns: a page whose only difference is its timestamp is not a change', async () => {
    page.article = 'Stable text for the timestamp test.';
    page.updated = '12:00:00';
    const created = await api(ts).post('/v1/monitors', {
      name: 'timestamps',
      url: `${fixture.url}/article`,
      cron: '0 0 * * *',
      watch: { ignore_patterns: ['Last updated: [0-9:]+'] },
    });
    const id = created.body.monitor_id as string;
    const unfiltered = await api(ts).post('/v1/monitors', { name: 'timestamps, unfiltered', url: `${fixture.url}/article`, cron: '0 0 * * *' });
    expect(await triggerAndWait(ts, id)).toMatchObject({ status: 'completed', changed: false });
    expect(await triggerAndWait(ts, unfiltered.body.monitor_id)).toMatchObject({ status: 'completed', changed: false });

    page.updated = '12:07:31';
    expect(await triggerAndWait(ts, id)).toMatchObject({ status: 'completed', changed: false });
    expect(await changesOf(ts, id)).toHaveLength(0);
    // Without the pattern the same page is a change: the pattern, not chance, made the difference.
    expect(await triggerAndWait(ts, unfiltered.body.monitor_id)).toMatchObject({ status: 'completed', changed: true });

    page.article = 'Stable text for the timestamp test, now with news.';
    expect(await triggerAndWait(ts, id)).toMatchObject({ status: 'completed', changed: true });
    expect(await changesOf(ts, id)).toHaveLength(1);
  });

  it('fields mode: a number within its threshold is no change, beyond it is one', async () => {
    page.price = '100.00';
    const created = await api(ts).post('/v1/monitors', {
      name: 'widget price',
      url: `${fixture.url}/product`,
      mode: 'fields',
      extract: { name: 'the product name', price: 'the product price' },
      cron: '0 0 * * *',
      watch: { fields: ['price'], thresholds: { price: { pct: 5 } }, notify_on_first_run: true },
    });
    expect(created.status).toBe(201);
    const id = created.body.monitor_id as string;
    // notify_on_first_run: the first run is a change from nothing.
    expect(await triggerAndWait(ts, id)).toMatchObject({ status: 'completed', changed: true });
    const [firstChange] = await changesOf(ts, id);
    expect(firstChange).toMatchObject({ first_run: true, fields: [{ field: 'price', previous: null }] });
    expect(Number(firstChange.fields[0].current)).toBe(100);

    page.price = '102.00'; // +2 %: under the 5 % threshold
    expect(await triggerAndWait(ts, id)).toMatchObject({ status: 'completed', changed: false });
    page.price = '110.00'; // +7.8 % from the previous run's 102
    expect(await triggerAndWait(ts, id)).toMatchObject({ status: 'completed', changed: true });
    const [latest] = await changesOf(ts, id);
    expect(latest).toMatchObject({ first_run: false, fields: [{ field: 'price', delta: 8 }] });
    expect(Number(latest.fields[0].previous)).toBe(102);
    expect(Number(latest.fields[0].current)).toBe(110);
    expect(latest.fields[0].delta_pct).toBeCloseTo(7.843, 2);
    expect(await changesOf(ts, id)).toHaveLength(2);
  });

  it('a scheduled time that comes while the previous run is still running is recorded as skipped', async () => {
    const created = await api(ts).post('/v1/monitors', { name: 'slow page', url: `${fixture.url}/slow`, cron: '* * * * *', fetch: { timeout_ms: 60000 } });
    const id = created.body.monitor_id as string;
    releaseSlow = undefined;
    clock.advance(MINUTE);
    await until(() => releaseSlow !== undefined, 15000); // the first run's job is waiting on the page
    clock.advance(MINUTE);
    let runs: Array<Record<string, any>> = [];
    const deadline = Date.now() + 15000;
    while (!runs.some((run) => run.status === 'skipped')) {
      if (Date.now() > deadline) throw new Error(JSON.stringify(runs));
      runs = await runsOf(ts, id);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const [skipped, running] = runs;
    expect(running.status).toBe('running');
    expect(skipped).toMatchObject({ status: 'skipped', job_id: null, skip_reason: expect.stringContaining(running.run_id) });
    expect(Date.parse(skipped.scheduled_for) - Date.parse(running.scheduled_for)).toBe(MINUTE);
    releaseSlow!();
    const done = await waitForRuns(ts, id, 2);
    expect(done.map((run) => run.status)).toEqual(['skipped', 'completed']);
    await api(ts).delete(`/v1/monitors/${id}`);
  });

  it("runs are fetch jobs with the monitor's fetch options: render_js compares the rendered page", async () => {
    page.article = 'Rendered by script, first version of the text.';
    const created = await api(ts).post('/v1/monitors', { name: 'rendered', url: `${fixture.url}/rendered`, cron: '0 0 * * *', fetch: { render_js: true } });
    expect(created.status).toBe(201);
    const id = created.body.monitor_id as string;
    const first = await triggerAndWait(ts, id);
    expect(first).toMatchObject({ status: 'completed', changed: false });
    const job = await api(ts).get(`/v1/jobs/${first.job_id}/result`);
    expect(job.body.outputs.markdown).toContain('Rendered by script, first version of the text.');
    page.article = 'Rendered by script, second version of the text.';
    expect(await triggerAndWait(ts, id)).toMatchObject({ status: 'completed', changed: true });
    const [change] = await changesOf(ts, id);
    expect(change.diff.unified).toContain('+Rendered by script, second version of the text.');
  });

  it('tenants see only their own monitors', async () => {
    const created = await api(ts).post('/v1/monitors', { name: 'private', url: `${fixture.url}/static`, cron: '0 0 * * *' });
    const id = created.body.monitor_id as string;
    for (const res of [
      await api(ts, KEY_B).get(`/v1/monitors/${id}`),
      await api(ts, KEY_B).post(`/v1/monitors/${id}/trigger`),
      await api(ts, KEY_B).get(`/v1/monitors/${id}/runs`),
      await api(ts, KEY_B).delete(`/v1/monitors/${id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await api(ts, KEY_B).get('/v1/monitors')).body.monitors).toEqual([]);
    expect((await api(ts).get(`/v1/monitors/${id}`)).status).toBe(200);
  });
});

describe('monitors: CRUD and validation', () => {
  const clock = new FakeClock();
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startServer(clock);
  });
  afterAll(() => ts.stop());

  const valid = () => ({ name: 'n', url: `${fixture.url}/static`, cron: '0 * * * *' });

  it.each([
    ['a bad cron expression', { cron: 'every tuesday' }, 'cron: "every tuesday" is not a valid cron expression'],
    ['a cron more frequent than monitors.minIntervalSeconds', { cron: '*/10 * * * * *' }, 'monitors run at most every 60 s'],
    ['fields mode without extract', { mode: 'fields' }, 'extract: is required with mode "fields"'],
    [
      'a watched field that is not extracted',
      { mode: 'fields', extract: { price: 'p' }, watch: { fields: ['title'] } },
      'watch.fields: "title" is not a field of extract',
    ],
    ['an ignore pattern RE2 cannot run', { watch: { ignore_patterns: ['(a)\\1'] } }, 'cannot be matched in linear time'],
    ['an unknown field', { colour: 'red' }, 'unknown field "colour"'],
    ['a fetch field the monitor decides', { fetch: { output: ['html'] } }, 'fetch: must not set url, output, extract'],
    ['a fetch field of the wrong type', { fetch: { render_js: 'yes' } }, 'fetch.render_js'],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, 'timezone: is not an IANA time zone name'],
    ['a threshold without a number', { mode: 'fields', extract: { price: 'p' }, watch: { thresholds: { price: {} } } }, 'give "abs", "pct" or both'],
  ])('refuses %s with a v1 400 envelope', async (_name, change, message) => {
    const res = await api(ts).post('/v1/monitors', { ...valid(), ...change });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ request_id: expect.any(String), error: { code: 'invalid_request', message: expect.stringContaining(message) } });
  });

  it('refuses a URL outside the network policy and a non-http scheme', async () => {
    const internal = await api(ts).post('/v1/monitors', { ...valid(), url: 'http://10.0.0.1/' });
    expect(internal.status).toBe(400);
    expect(internal.body.error.code).toBe('url_not_allowed');
    const hook = await api(ts).post('/v1/monitors', { ...valid(), webhook: { url: 'http://169.254.169.254/hook' } });
    expect(hook.body.error.code).toBe('url_not_allowed');
    const scheme = await api(ts).post('/v1/monitors', { ...valid(), url: 'file:///etc/passwd' });
    expect(scheme.body.error.code).toBe('url_not_allowed');
  });

  it('lists newest first with a cursor, patches, pauses and deletes', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      ids.push((await api(ts).post('/v1/monitors', { ...valid(), name: `m${index}` })).body.monitor_id);
      clock.advance(1000);
    }
    const first = await api(ts).get('/v1/monitors?limit=2');
    expect(first.body.monitors.map((monitor: { monitor_id: string }) => monitor.monitor_id)).toEqual([ids[2], ids[1]]);
    const second = await api(ts).get(`/v1/monitors?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.monitors.map((monitor: { monitor_id: string }) => monitor.monitor_id)).toEqual([ids[0]]);
    expect(second.body.next_cursor).toBeNull();
    expect((await api(ts).get('/v1/monitors?cursor=nonsense')).body.error.code).toBe('invalid_request');

    const paused = await api(ts).patch(`/v1/monitors/${ids[0]}`, { status: 'paused', name: 'renamed' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ monitor_id: ids[0], name: 'renamed', status: 'paused', next_run_at: null, cron: '0 * * * *' });
    const resumed = await api(ts).patch(`/v1/monitors/${ids[0]}`, { status: 'active' });
    expect(resumed.body.next_run_at).not.toBeNull();
    const badPatch = await api(ts).patch(`/v1/monitors/${ids[0]}`, { cron: '* * * * * *' });
    expect(badPatch.status).toBe(400);
    expect((await api(ts).get(`/v1/monitors/${ids[0]}`)).body.cron).toBe('0 * * * *');

    expect((await api(ts).delete(`/v1/monitors/${ids[0]}`)).body).toMatchObject({ monitor_id: ids[0], deleted: true });
    expect((await api(ts).get(`/v1/monitors/${ids[0]}`)).status).toBe(404);
    expect((await api(ts).get(`/v1/monitors/${ids[0]}/runs/latest`)).status).toBe(404);
    const wrongMethod = await api(ts).post(`/v1/monitors/${ids[1]}/runs`);
    expect(wrongMethod.status).toBe(405);
  });

  it('a monitor without runs answers latest with null', async () => {
    const id = (await api(ts).post('/v1/monitors', valid())).body.monitor_id;
    expect((await api(ts).get(`/v1/monitors/${id}/runs/latest`)).body.run).toBeNull();
    expect((await api(ts).get(`/v1/monitors/${id}/changes/latest`)).body.change).toBeNull();
  });
});

describe('monitors: restarts', () => {
  it('a stopped server that missed several scheduled times runs the monitor once when it starts again', async () => {
    const clock = new FakeClock();
    const dataDir = tempDir();
    const before = await startServer(clock, dataDir);
    const created = await api(before).post('/v1/monitors', { name: 'every minute', url: `${fixture.url}/static`, cron: '* * * * *' });
    const id = created.body.monitor_id as string;
    expect(created.body.next_run_at).toBe('1970-01-01T00:17:00.000Z');
    await before.stop();

    clock.advance(10 * MINUTE); // ten scheduled times pass while nothing runs
    const after = await startServer(clock, dataDir);
    try {
      const runs = await waitForRuns(after, id, 1);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ trigger: 'schedule', status: 'completed', scheduled_for: '1970-01-01T00:17:00.000Z' });
      // The schedule resumes from now, not from the missed times.
      expect((await api(after).get(`/v1/monitors/${id}`)).body.next_run_at).toBe('1970-01-01T00:27:00.000Z');
      clock.advance(MINUTE);
      const next = await waitForRuns(after, id, 2);
      expect(next.map((run) => run.scheduled_for)).toEqual(['1970-01-01T00:27:00.000Z', '1970-01-01T00:17:00.000Z']);
    } finally {
      await after.stop();
    }
  });
});

describe('monitors: retention', () => {
  it('prunes runs and changes after retention.monitorRunsHours; the baseline stays, so the next run still compares', async () => {
    const clock = new FakeClock();
    const ts = await startTestServer({ webhooks: { secret: MASTER_SECRET }, retention: { pruneSchedule: '* * * * * *', monitorRunsHours: 1 } }, tempDir(), {
      clock,
      timers: clock,
    });
    try {
      page.article = 'Retention test text.';
      const created = await api(ts).post('/v1/monitors', {
        name: 'retention',
        url: `${fixture.url}/article`,
        cron: '0 0 1 1 *',
        watch: { notify_on_first_run: true, ignore_patterns: ['Last updated: [0-9:]+'] },
      });
      const id = created.body.monitor_id as string;
      expect(await triggerAndWait(ts, id)).toMatchObject({ status: 'completed', changed: true });
      expect(await changesOf(ts, id)).toHaveLength(1);

      clock.advance(61 * MINUTE);
      const deadline = Date.now() + 15000;
      while ((await runsOf(ts, id)).length > 0 || (await changesOf(ts, id)).length > 0) {
        if (Date.now() > deadline) throw new Error('monitor history was not pruned');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Not a first run again: the baseline outlived the pruned runs.
      expect(await triggerAndWait(ts, id)).toMatchObject({ status: 'completed', changed: false });
    } finally {
      await ts.stop();
    }
  });
});

describe('monitors: a trigger the queue cannot take', () => {
  it('answers the queue error (503 overloaded) instead of a 202 without a job, and records the run as failed', async () => {
    const clock = new FakeClock();
    const ts = await startTestServer({ workers: { concurrency: 1 }, limits: { queue: { maxQueuedJobsPerTenant: 1 } } }, tempDir(), { clock, timers: clock });
    try {
      releaseSlow = undefined;
      await api(ts).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/slow`, timeout_ms: 60000 } });
      await until(() => releaseSlow !== undefined, 15000); // the one worker is busy
      await api(ts).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/static` } }); // the one queued job
      const id = (await api(ts).post('/v1/monitors', { name: 'full', url: `${fixture.url}/static`, cron: '0 0 * * *' })).body.monitor_id;
      const res = await api(ts).post(`/v1/monitors/${id}/trigger`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ request_id: expect.any(String), error: { code: 'overloaded', message: expect.stringContaining('queued jobs') } });
      expect(res.headers['retry-after']).toBeDefined();
      const [run] = await runsOf(ts, id);
      expect(run).toMatchObject({ trigger: 'manual', status: 'failed', job_id: null, error: { code: 'overloaded' } });
    } finally {
      releaseSlow?.();
      await ts.stop();
    }
  });
});
