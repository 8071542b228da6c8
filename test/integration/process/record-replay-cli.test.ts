import supertest from 'supertest';
import { html, startFixtureServer } from '../../helpers/fixture-server';
import { killLeftoverServers, runCli, spawnServer } from '../../helpers/server-process';
import { bearer, tempDir } from '../../helpers/test-server';

/** --record DIR and --replay DIR on the built bin (what `npx scrapio-server --replay DIR` runs). */

afterAll(() => killLeftoverServers());

const KEY = 'record-replay-cli-key-01';
const ENV = { SCRAPIO_API_KEYS: KEY, SCRAPIO_ALLOW_HOSTS: '127.0.0.1' };

it('records with --record, then replays with --replay with the site gone, and names a missing request', async () => {
  const site = await startFixtureServer({ '/page': html('<html><body><h1>Recorded by the bin</h1></body></html>') });
  const recordings = tempDir('scrapio-cli-recordings-');
  const recorder = await spawnServer(['--port', '0', '--data-dir', tempDir(), '--record', recordings], ENV);
  const recorded = await supertest(recorder.url)
    .post('/v1/fetch')
    .set(bearer(KEY))
    .send({ url: `${site.url}/page`, output: ['markdown'] });
  expect(recorded.status).toBe(200);
  recorder.child.kill('SIGTERM');
  expect(await recorder.exited).toBe(0);
  await site.close();

  const replayer = await spawnServer(['--port', '0', '--data-dir', tempDir(), '--replay', recordings], ENV);
  const replayed = await supertest(replayer.url)
    .post('/v1/fetch')
    .set(bearer(KEY))
    .send({ url: `${site.url}/page`, output: ['markdown'] });
  expect(replayed.status).toBe(200);
  expect(replayed.body.outputs.markdown).toBe(recorded.body.outputs.markdown);
  const missing = await supertest(replayer.url)
    .post('/v1/fetch')
    .set(bearer(KEY))
    .send({ url: `${site.url}/other` });
  expect(missing.status).toBe(502);
  expect(missing.body.error).toMatchObject({ code: 'target_unreachable', message: expect.stringContaining(`No recording for GET ${site.url}/other`) });
  replayer.child.kill('SIGTERM');
  await replayer.exited;
});

it('refuses --record with --replay, and a --replay directory that does not exist', async () => {
  const both = await runCli(['--port', '0', '--data-dir', tempDir(), '--record', tempDir(), '--replay', tempDir()], ENV);
  expect(both.code).toBe(1);
  expect(both.stderr).toContain('--record and --replay cannot be used together');
  const absent = await runCli(['--port', '0', '--data-dir', tempDir(), '--replay', '/nonexistent/recordings'], ENV);
  expect(absent.code).toBe(1);
  expect(absent.stderr).toContain('/nonexistent/recordings does not exist');
});
