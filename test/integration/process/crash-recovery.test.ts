import supertest from 'supertest';
import { html, startFixtureServer, until, type FixtureServer } from '../../helpers/fixture-server';
import { killLeftoverServers, spawnServer } from '../../helpers/server-process';
import { bearer, tempDir, waitForJob, withKey } from '../../helpers/test-server';

const KEY = 'crash-test-key-000001';
let fixture: FixtureServer;
let heldRequests = 0;

beforeAll(async () => {
  fixture = await startFixtureServer({
    // Never answers while the first server lives: its jobs are running when it is killed.
    '/hang': () => {
      heldRequests += 1;
    },
    '/page': html('<html><body><p>recovered</p></body></html>'),
  });
});

afterAll(async () => {
  killLeftoverServers();
  await fixture.close();
});

describe('crash safety', () => {
  it('kill -9 with jobs queued and running: after restart every job ends, once', async () => {
    const dataDir = tempDir();
    const env = { SCRAPIO_API_KEYS: KEY, SCRAPIO_ALLOW_HOSTS: '127.0.0.1' };
    const first = await spawnServer(['--port', '0', '--data-dir', dataDir], env);
    const api = supertest(first.url);
    const ids: string[] = [];
    // 12 jobs against a target that never answers: the 8 default workers each hold one (running), 4 stay queued.
    for (let i = 0; i < 12; i += 1) {
      const res = await withKey(api, KEY).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/hang?i=${i}`, timeout_ms: 120000 } });
      expect(res.status).toBe(202);
      ids.push(res.body.job_id);
    }
    await until(() => heldRequests >= 8); // the default 8 workers are all running a job; 4 are queued
    const before = await api.get('/v1/jobs?status=running').set(bearer(KEY));
    expect(before.body.jobs.length).toBe(8);
    first.child.kill('SIGKILL');
    await first.exited;

    // The target recovers: the same URLs now answer at once.
    fixture.route('/hang', html('<html><body><p>recovered</p></body></html>'));
    const second = await spawnServer(['--port', '0', '--data-dir', dataDir], env);
    try {
      const api2 = supertest(second.url);
      for (const id of ids) {
        const status = await waitForJob(api2, KEY, id, 30000);
        expect(status.status).toBe('completed');
      }
      const all = await api2.get('/v1/jobs?limit=100').set(bearer(KEY));
      expect(all.body.jobs.map((job: { job_id: string }) => job.job_id).sort()).toEqual([...ids].sort());
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
