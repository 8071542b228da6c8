import { ARTICLE_PAGE, html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, KEY_B, startTestServer, type TestServer, stopAll } from '../../helpers/test-server';

let fixture: FixtureServer;
let ts: TestServer;

beforeAll(async () => {
  fixture = await startFixtureServer({ '/article': html(ARTICLE_PAGE) });
  ts = await startTestServer();
});

afterAll(() => stopAll(ts, fixture));

const body = () => ({ kind: 'fetch', input: { url: `${fixture.url}/article`, output: ['markdown'] } });

describe('Idempotency-Key', () => {
  it('replays the original job for the same key and body, with Idempotent-Replayed: true', async () => {
    const first = await ts.api.post('/v1/jobs').set(bearer(KEY_A)).set('Idempotency-Key', 'my-unique-key-123').send(body());
    expect(first.status).toBe(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Same body with keys in another order: the fingerprint is canonical JSON.
    const again = await ts.api
      .post('/v1/jobs')
      .set(bearer(KEY_A))
      .set('Idempotency-Key', 'my-unique-key-123')
      .send({ input: { output: ['markdown'], url: `${fixture.url}/article` }, kind: 'fetch' });
    expect(again.status).toBe(202);
    expectSpecValid('AsyncJobAcceptedResponse', again.body);
    expect(again.body.job_id).toBe(first.body.job_id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 409 idempotency_conflict for the same key with another body', async () => {
    await ts.api.post('/v1/jobs').set(bearer(KEY_A)).set('Idempotency-Key', 'conflicting').send(body());
    const other = await ts.api
      .post('/v1/jobs')
      .set(bearer(KEY_A))
      .set('Idempotency-Key', 'conflicting')
      .send({ kind: 'fetch', input: { url: `${fixture.url}/article`, output: ['html'] } });
    expect(other.status).toBe(409);
    expectSpecValid('ErrorResponse', other.body);
    expect(other.body.error.code).toBe('idempotency_conflict');
  });

  it('scopes keys per tenant', async () => {
    const a = await ts.api.post('/v1/jobs').set(bearer(KEY_A)).set('Idempotency-Key', 'shared-key').send(body());
    const b = await ts.api.post('/v1/jobs').set(bearer(KEY_B)).set('Idempotency-Key', 'shared-key').send(body());
    expect(b.status).toBe(202);
    expect(b.body.job_id).not.toBe(a.body.job_id);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
  });

  it('creates exactly one job for 20 concurrent first requests with one key', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => ts.api.post('/v1/jobs').set(bearer(KEY_B)).set('Idempotency-Key', 'race-key').send(body())),
    );
    expect(responses.map((res) => res.status)).toEqual(Array(20).fill(202));
    expect(new Set(responses.map((res) => res.body.job_id)).size).toBe(1);
    expect(responses.filter((res) => res.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    const list = await ts.api.get('/v1/jobs?limit=100').set(bearer(KEY_B));
    expect(list.body.jobs.filter((job: { job_id: string }) => job.job_id === responses[0].body.job_id)).toHaveLength(1);
  });

  it('rejects keys that are not 1–255 printable ASCII characters', async () => {
    const res = await ts.api.post('/v1/jobs').set(bearer(KEY_A)).set('Idempotency-Key', 'x'.repeat(256)).send(body());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('Idempotency-Key');
  });

  it('is honoured on the inline surfaces too (EXT): the replay answers from the same job', async () => {
    const first = await ts.api
      .post('/v1/fetch')
      .set(bearer(KEY_A))
      .set('Idempotency-Key', 'inline-key')
      .send({ url: `${fixture.url}/article` });
    const hits = fixture.hits.length;
    const again = await ts.api
      .post('/v1/fetch')
      .set(bearer(KEY_A))
      .set('Idempotency-Key', 'inline-key')
      .send({ url: `${fixture.url}/article` });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.outputs).toEqual(first.body.outputs);
    expect(fixture.hits.length).toBe(hits);
  });
});
