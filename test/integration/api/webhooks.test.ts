import { createHmac } from 'node:crypto';
import { html, startFixtureServer, until, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, KEY_B, startTestServer, type TestServer, withKey, stopAll } from '../../helpers/test-server';

/** The server's master secret (config webhooks.secret): never a tenant's signing secret itself. */
const MASTER_SECRET = 'whsec_test_secret_0123456789';

interface Delivery {
  body: string;
  signature: string;
}

let fixture: FixtureServer;
let ts: TestServer;
const deliveries: Delivery[] = [];
let failuresLeft = 0;
/** Tenant A's own signing secret, as GET /v1/webhooks/secret shows it to A. */
let secretA: string;

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/page': html('<html><body><p>webhook page</p></body></html>'),
    '/forbidden': html('nope', 403),
    '/hook': (req, res, { body }) => {
      deliveries.push({ body, signature: String(req.headers['scrapio-signature']) });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        res.writeHead(500).end('try again');
        return;
      }
      res.writeHead(204).end();
    },
  });
  ts = await startTestServer({ webhooks: { secret: MASTER_SECRET, initialBackoffMs: 200, maxBackoffMs: 400 }, workers: { maxAttempts: 1 } });
});

afterAll(() => stopAll(ts, fixture));

beforeAll(async () => {
  secretA = (await ts.api.get('/v1/webhooks/secret').set(bearer(KEY_A))).body.secret;
});

/** What a receiver does: recompute the HMAC of "t.body" with the secret it was given. */
function signatureValid(delivery: Delivery, secret: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery.signature);
  if (!match) return false;
  return match[2] === createHmac('sha256', secret).update(`${match[1]}.${delivery.body}`).digest('hex');
}

function verify(delivery: Delivery): Record<string, any> {
  expect(delivery.signature).toMatch(/^t=(\d+),v1=([0-9a-f]{64})$/);
  expect(signatureValid(delivery, secretA)).toBe(true);
  return JSON.parse(delivery.body);
}

describe('webhooks', () => {
  it('POSTs a signed job.completed event with the JobResponse, retrying after a failed delivery', async () => {
    failuresLeft = 1;
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', {
      kind: 'fetch',
      input: { url: `${fixture.url}/page` },
      webhook: { url: `${fixture.url}/hook` },
    });
    await until(() => deliveries.length >= 2, 15000);
    const [failed, succeeded] = deliveries.map(verify);
    expect(failed).toEqual(succeeded);
    expect(succeeded.type).toBe('job.completed');
    expectSpecValid('JobResponse', succeeded.data);
    expect(succeeded.data).toMatchObject({ job_id: submit.body.job_id, status: 'completed', result_available: true });
    // /metrics counts the attempts by outcome (recorded once the dispatcher has stored each one).
    let metrics = '';
    for (const deadline = Date.now() + 5000; !metrics.includes('scrapio_webhook_deliveries_total{outcome="delivered"} 1') && Date.now() < deadline;) {
      metrics = (await ts.api.get('/metrics')).text;
    }
    expect(metrics).toContain('scrapio_webhook_deliveries_total{outcome="delivered"} 1');
    expect(metrics).toContain('scrapio_webhook_deliveries_total{outcome="retry"} 1');
  });

  it('sends job.failed for a failed job', async () => {
    deliveries.length = 0;
    const submit = await withKey(ts.api, KEY_A).post('/v1/jobs', {
      kind: 'fetch',
      input: { url: `${fixture.url}/forbidden` },
      webhook: { url: `${fixture.url}/hook` },
    });
    await until(() => deliveries.length >= 1, 15000);
    const event = verify(deliveries[0]);
    expect(event.type).toBe('job.failed');
    expect(event.data).toMatchObject({ job_id: submit.body.job_id, status: 'failed', error: { code: 'target_blocked' } });
  });

  it("signs with each tenant's own secret, shown to that tenant only: A's secret neither verifies nor forges B's deliveries", async () => {
    const a = await ts.api.get('/v1/webhooks/secret').set(bearer(KEY_A));
    const b = await ts.api.get('/v1/webhooks/secret').set(bearer(KEY_B));
    expect(a.status).toBe(200);
    expect(a.headers['cache-control']).toBe('no-store');
    expect(b.body.secret).not.toBe(a.body.secret);
    expect([a.body.secret, b.body.secret]).not.toContain(MASTER_SECRET);
    expect((await ts.api.get('/v1/webhooks/secret')).status).toBe(401);

    deliveries.length = 0;
    const submit = await withKey(ts.api, KEY_B).post('/v1/jobs', {
      kind: 'fetch',
      input: { url: `${fixture.url}/page` },
      webhook: { url: `${fixture.url}/hook` },
    });
    expect(submit.status).toBe(202);
    await until(() => deliveries.length >= 1, 15000);
    const toB = deliveries[0];
    expect(JSON.parse(toB.body).data.job_id).toBe(submit.body.job_id);
    // B's receiver, holding B's secret, accepts it; A (holding only A's secret) cannot verify it.
    expect(signatureValid(toB, b.body.secret)).toBe(true);
    expect(signatureValid(toB, a.body.secret)).toBe(false);
    // A forges a "completed" event for B's receiver, signed with the secret A holds: B's check rejects it.
    const forgedBody = JSON.stringify({ type: 'job.completed', data: { job_id: submit.body.job_id, status: 'completed' } });
    const t = Math.floor(Date.now() / 1000);
    const forged = { body: forgedBody, signature: `t=${t},v1=${createHmac('sha256', a.body.secret).update(`${t}.${forgedBody}`).digest('hex')}` };
    expect(signatureValid(forged, b.body.secret)).toBe(false);
    expect(a.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });
});
