import fs from 'node:fs';
import path from 'node:path';
import supertest from 'supertest';
import { html, startFixtureServer, until, type FixtureServer } from '../../helpers/fixture-server';
import { killLeftoverServers, runCli, spawnServer } from '../../helpers/server-process';
import { bearer, tempDir } from '../../helpers/test-server';

afterAll(() => killLeftoverServers());

describe('the scrapio-server bin', () => {
  it('generates an API key on first start (mode 0600), prints it once, and uses it', async () => {
    const dataDir = tempDir();
    const first = await spawnServer(['--port', '0', '--data-dir', dataDir]);
    const key = /Generated an API key[^\n]*\n\s+(\S+)/.exec(first.stderr())?.[1];
    expect(key).toMatch(/^sk_/);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.url).not.toMatch(/:0$/);
    const stat = fs.statSync(path.join(dataDir, 'api-key'));
    expect(stat.mode & 0o777).toBe(0o600);
    expect((await supertest(first.url).get('/v1/jobs').set(bearer(key!))).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await spawnServer(['--port', '0', '--data-dir', dataDir]);
    expect(second.stderr()).not.toContain(key);
    expect(second.stderr()).toContain('Using the API key stored in');
    expect((await supertest(second.url).get('/v1/jobs').set(bearer(key!))).status).toBe(200);
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('refuses to bind a non-loopback host without a configured key', async () => {
    const result = await runCli(['--port', '0', '--host', '0.0.0.0', '--data-dir', tempDir()], { SCRAPIO_API_KEYS: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/without an API key/);
  });

  it('fails at start on invalid config, naming the key', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ limits: { crawl: { maxPages: -1 } }, retention: { pruneSchedul: '* * * * *' } }));
    const result = await runCli(['--config', path.join(dir, 'bad.json'), '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('limits.crawl.maxPages');
    expect(result.stderr).toContain('retention.pruneSchedul: unknown key');
  });

  it('on SIGTERM lets a running job finish within the grace period, then exits 0', async () => {
    let release: () => void = () => {};
    const fixture: FixtureServer = await startFixtureServer({
      '/slow': (_req, res) => {
        release = () => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>done in time</p>');
      },
      '/page': html('<p>x</p>'),
    });
    const dataDir = tempDir();
    const env = { SCRAPIO_API_KEYS: 'shutdown-test-key-01', SCRAPIO_ALLOW_HOSTS: '127.0.0.1' };
    const server = await spawnServer(['--port', '0', '--data-dir', dataDir], env);
    const api = supertest(server.url);
    const submit = await api
      .post('/v1/jobs')
      .set(bearer('shutdown-test-key-01'))
      .send({ kind: 'fetch', input: { url: `${fixture.url}/slow` } });
    await until(() => fixture.hits.includes('GET /slow'));
    server.child.kill('SIGTERM');
    setTimeout(() => release(), 300);
    expect(await server.exited).toBe(0);

    const again = await spawnServer(['--port', '0', '--data-dir', dataDir], env);
    const status = await supertest(again.url).get(`/v1/jobs/${submit.body.job_id}`).set(bearer('shutdown-test-key-01'));
    expect(status.body.status).toBe('completed');
    again.child.kill('SIGTERM');
    await again.exited;
    await fixture.close();
  });
});
