import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tenantIdOf } from '../../../src/http/api-keys';
import { expectSpecValid } from '../../helpers/spec-validator';
import { assertNoServersLeft, bearer, KEY_A, startTestServer, type TestServer } from '../../helpers/test-server';

const MASTER_SECRET = 'whsec_files_test_master_0123456789';
const NAME = 'AAAAAAAAAAAAAAAAAAAAAA.png';

let ts: TestServer;
let fileKey: string;

beforeAll(async () => {
  ts = await startTestServer({ webhooks: { secret: MASTER_SECRET } });
  // A screenshot of tenant A, as the screenshot output stores it.
  const tenant = tenantIdOf(fs.readFileSync(path.join(ts.dataDir, 'tenant-id-key'), 'utf8').trim(), KEY_A);
  fs.mkdirSync(path.join(ts.dataDir, 'files', tenant), { recursive: true });
  fs.writeFileSync(path.join(ts.dataDir, 'files', tenant, NAME), 'png bytes');
  fileKey = `${tenant}/${NAME}`;
});

afterAll(async () => {
  await ts.stop();
  assertNoServersLeft();
});

const urlSignedWith = (secret: string, expires: number) =>
  `/v1/files/${fileKey}?expires=${expires}&sig=${createHmac('sha256', secret).update(`${fileKey}:${expires}`).digest('base64url')}`;

function expectNotFound(res: { status: number; body: Record<string, any> }) {
  expect(res.status).toBe(404);
  expectSpecValid('ErrorResponse', res.body);
  expect(res.body.error.code).toBe('not_found');
}

describe('signed file URLs', () => {
  const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;

  it('serves a file at a URL signed with the file-signing key', async () => {
    const signingKey = fs.readFileSync(path.join(ts.dataDir, 'file-signing-key'), 'utf8').trim();
    const res = await ts.api.get(urlSignedWith(signingKey, inOneHour()));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
  });

  it('refuses a validly signed URL whose expiry is beyond the retention period (+10 years)', async () => {
    const signingKey = fs.readFileSync(path.join(ts.dataDir, 'file-signing-key'), 'utf8').trim();
    const tenYears = Math.floor(Date.now() / 1000) + 10 * 365 * 86400;
    expectNotFound(await ts.api.get(urlSignedWith(signingKey, tenYears)));
    expectNotFound(await ts.api.get(urlSignedWith(signingKey, Math.floor(Date.now() / 1000) + ts.config.retention.resultTtlSeconds + 60)));
  });

  it('refuses URLs signed with any webhook secret (the master, or the one a tenant is shown)', async () => {
    const tenantSecret = (await ts.api.get('/v1/webhooks/secret').set(bearer(KEY_A))).body.secret as string;
    expectNotFound(await ts.api.get(urlSignedWith(tenantSecret, inOneHour())));
    expectNotFound(await ts.api.get(urlSignedWith(MASTER_SECRET, inOneHour())));
  });
});
