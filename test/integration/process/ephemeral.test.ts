import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import supertest from 'supertest';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { CLI, killLeftoverServers, runCli } from '../../helpers/server-process';
import { bearer, tempDir } from '../../helpers/test-server';

/**
 * `scrapio-server --ephemeral`, driven the way a test framework's global setup drives it: spawn the bin with
 * stdin and stdout piped, read the one JSON line, use the API, then close stdin (or send SIGTERM) and expect
 * a clean exit that leaves nothing behind. TMPDIR points at a directory of the test's own, so "nothing
 * behind" can be checked exactly.
 */
let fixture: FixtureServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/': html('<html><head><title>Ephemeral</title></head><body><h1>Hello from the fixture</h1><p>Short page.</p></body></html>'),
  });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  killLeftoverServers();
  await fixture.close();
});

interface Started {
  child: ChildProcess;
  announcement: Record<string, unknown>;
  stdout(): string;
  exited: Promise<number | null>;
}

/** What a jest globalSetup does: spawn, wait for the first stdout line, parse it. */
async function startEphemeral(args: string[], env: Record<string, string>): Promise<Started> {
  // Only the SCRAPIO_* variables the test gives: none leak in from the environment jest runs in.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SCRAPIO_')));
  const child = spawn(process.execPath, [CLI, '--ephemeral', ...args], { env: { ...inherited, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    void exited.then((code) => reject(new Error(`--ephemeral exited with ${code} before announcing itself:\n${stderr}`)));
  });
  return { child, announcement: JSON.parse(firstLine) as Record<string, unknown>, stdout: () => stdout, exited };
}

const ephemeralDirs = (dir: string) => fs.readdirSync(dir).filter((name) => name.startsWith('scrapio-ephemeral-'));

describe('scrapio-server --ephemeral', () => {
  it('announces {url, apiKey, pid} on one stdout line, serves the API, and on stdin close exits 0 and deletes its store', async () => {
    const tmp = tempDir('scrapio-ephemeral-test-');
    const server = await startEphemeral([], { TMPDIR: tmp, SCRAPIO_ALLOW_HOSTS: '127.0.0.1', SCRAPIO_LOG_LEVEL: 'info' });
    const { url, apiKey, pid } = server.announcement as { url: string; apiKey: string; pid: number };
    expect(Object.keys(server.announcement).sort()).toEqual(['apiKey', 'pid', 'url']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);
    expect(apiKey).toMatch(/^sk_test_[A-Za-z0-9_-]{20,}$/);
    expect(pid).toBe(server.child.pid);
    expect(ephemeralDirs(tmp)).toHaveLength(1);

    const api = supertest(url);
    expect((await api.get('/ready')).status).toBe(200);
    const fetched = await api
      .post('/v1/fetch')
      .set(bearer(apiKey))
      .send({ url: `${fixture.url}/`, output: ['markdown'] });
    expect(fetched.status).toBe(200);
    expect(fetched.body.outputs.markdown).toContain('Hello from the fixture');
    expect((await api.get('/v1/jobs').set(bearer('sk_test_wrong'))).status).toBe(401);

    server.child.stdin!.end();
    expect(await server.exited).toBe(0);
    // Logs (info level here) went to stderr: stdout carried the announcement and nothing else.
    expect(server.stdout()).toBe(`${JSON.stringify(server.announcement)}\n`);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('keeps other flags (--config gives the allow-list and a configured key) and stops cleanly on SIGTERM', async () => {
    const tmp = tempDir('scrapio-ephemeral-test-');
    const configFile = path.join(tempDir(), 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ network: { allow: ['127.0.0.1'] }, auth: { apiKeys: ['fixed-test-key-0001'] } }));
    const server = await startEphemeral(['--config', configFile], { TMPDIR: tmp });
    const { url, apiKey } = server.announcement as { url: string; apiKey: string };
    const api = supertest(url);
    // The generated key and the configured one both work; the allow-list came from the file.
    for (const key of [apiKey, 'fixed-test-key-0001']) {
      const fetched = await api
        .post('/v1/fetch')
        .set(bearer(key))
        .send({ url: `${fixture.url}/`, output: ['markdown'] });
      expect(fetched.status).toBe(200);
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('refuses --data-dir, which would defeat the throwaway store', async () => {
    const result = await runCli(['--ephemeral', '--data-dir', tempDir()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--ephemeral uses a temp directory of its own: drop --data-dir');
  });
});
