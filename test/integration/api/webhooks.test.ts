import { createHmac } from 'node:crypto';
import { html, startFixtureServer, until, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { assertNoServersLeft, bearer, KEY_A, startTestServer, type TestServer } from '../../helpers/test-server';

const SECRET = 'whsec_test_secret_0123456789';

interface Delivery {
  body: string;
  signature: string;
}

let fixture: FixtureServer;
let ts: TestServer;
const deliveries: Delivery[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/page': html('<html><body><p>webhook page</p></body></html>'),
    '/forbidden': html('nope', 403),
    '/hook': (req, res, body) => {
      deliveries.push({ body, signature: String(req.headers['scrapio-signature']) });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        res.writeHead(500).end('try again');
        return;
      }
      res.writeHead(204).end();
    },
  });
  ts = await startTestServer({ webhooks: { secret: SECRET, initialBackoffMs: 200, maxBackoffMs: 400 }, workers: { maxAttempts: 1 } });
});

afterAll(async () => {
  await ts.stop();
  await fixture.close();
  assertNoServersLeft();
});

function verify(delivery: Delivery): Record<string, any> {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery.signature);
  expect(match).not.toBeNull();
  const expected = createHmac('sha256', SECRET).update(`${match![1]}.${delivery.body}`).digest('hex');
  expect(match![2]).toBe(expected);
  return JSON.parse(delivery.body);
}

describe('webhooks', () => {
  it('POSTs a signed job.completed event with the JobResponse, retrying after a failed delivery', async () => {
    failuresLeft = 1;
    const submit = await ts.api
      .post('/v1/jobs')
      .set(bearer(KEY_A))
      .send({ kind: 'fetch', input: { url: `${fixture.url}/page` }, webhook: { url: `${fixture.url}/hook` } });
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
    const submit = await ts.api
      .post('/v1/jobs')
      .set(bearer(KEY_A))
      .send({ kind: 'fetch', input: { url: `${fixture.url}/forbidden` }, webhook: { url: `${fixture.url}/hook` } });
    await until(() => deliveries.length >= 1, 15000);
    const event = verify(deliveries[0]);
    expect(event.type).toBe('job.failed');
    expect(event.data).toMatchObject({ job_id: submit.body.job_id, status: 'failed', error: { code: 'target_blocked' } });
  });
});
