import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import supertest from 'supertest';
import { VERSION } from '../../../src/version';
import { startFixtureServer } from '../../helpers/fixture-server';
import { startTestServer, stopAll, tempDir, type TestServer } from '../../helpers/test-server';

/** The scripts the Dockerfile runs (docker itself cannot run here): the HEALTHCHECK command and the entrypoint. */
const SCRIPTS = path.resolve(__dirname, '../../../scripts');

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const healthcheck = (env: Record<string, string>) => run(process.execPath, [path.join(SCRIPTS, 'healthcheck.js')], env);

describe('scripts/healthcheck.js (the HEALTHCHECK)', () => {
  let ts: TestServer | undefined;
  afterAll(async () => {
    if (ts) await stopAll(ts);
  });

  it('exits 0 against a ready server, found by SCRAPIO_PORT as in the image', async () => {
    ts = await startTestServer();
    const result = await healthcheck({ SCRAPIO_PORT: String(ts.server.port), SCRAPIO_HEALTHCHECK_URL: '' });
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits 1 against a dead port, and against a server that answers /ready with something else than 200', async () => {
    const gone = await startFixtureServer();
    const port = String(gone.port);
    await gone.close();
    const dead = await healthcheck({ SCRAPIO_PORT: port, SCRAPIO_HEALTHCHECK_URL: '' });
    expect(dead.code).toBe(1);
    expect(dead.stderr).toContain(`healthcheck: http://127.0.0.1:${port}/ready: connect ECONNREFUSED`);

    const notReady = await startFixtureServer({ '/ready': (_req, res) => res.writeHead(503).end('{"ok":false}') });
    const refused = await healthcheck({ SCRAPIO_HEALTHCHECK_URL: `${notReady.url}/ready` });
    await notReady.close();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('status 503');
  });
});

describe('scripts/docker-entrypoint.sh', () => {
  const entrypoint = path.join(SCRIPTS, 'docker-entrypoint.sh');

  it('passes flags to scrapio-server, and env through to it, exec-ing so that Node gets the signals', async () => {
    const child = spawn('sh', [entrypoint, '--ephemeral'], {
      env: { ...process.env, TMPDIR: tempDir(), SCRAPIO_ALLOW_HOSTS: '127.0.0.1', SCRAPIO_API_KEYS: 'entrypoint-key-0001' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
    const announced = JSON.parse(line) as { url: string; pid: number };
    // exec: the server is the very process docker would signal, not a child of sh.
    expect(announced.pid).toBe(child.pid);
    // SCRAPIO_API_KEYS reached the server.
    expect((await supertest(announced.url).get('/v1/jobs').set('Authorization', 'Bearer entrypoint-key-0001')).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('runs the scrapio client or any other command given instead of flags', async () => {
    expect(await run('sh', [entrypoint, 'scrapio', '--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(await run('sh', [entrypoint, 'scrapio-server', '--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(await run('sh', [entrypoint, 'sh', '-c', 'echo "$SCRAPIO_X" "$@"', 'sh', 'a b', 'c'], { SCRAPIO_X: 'passed' })).toMatchObject({
      code: 0,
      stdout: 'passed a b c\n',
    });
  });
});
