import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { configSchema, type Config, type ConfigInput } from '../../src/config/config-schema';
import { deepMerge } from '../../src/config/load-config';
import { startServer, type RunningServer, type StartOptions } from '../../src/main';
import { createLogger } from '../../src/logger';

export const KEY_A = 'test-key-tenant-a-0001';
export const KEY_B = 'test-key-tenant-b-0002';

export interface TestServer {
  server: RunningServer;
  config: Config;
  dataDir: string;
  api: ReturnType<typeof supertest>;
  stop(): Promise<void>;
}

const open = new Set<TestServer>();

export function tempDir(prefix = 'scrapio-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A real server in this process: real SQLite file in a fresh temp dir, real HTTP on 127.0.0.1 port 0,
 * fixtures reached through the allow-list (`127.0.0.1`), never by turning the network policy off.
 */
export async function startTestServer(overrides: ConfigInput = {}, dataDir = tempDir(), options: StartOptions = {}): Promise<TestServer> {
  const config = configSchema.parse(
    deepMerge(
      {
        server: { port: 0, host: '127.0.0.1', dataDir },
        auth: { apiKeys: [KEY_A, KEY_B] },
        network: { allow: ['127.0.0.1'] },
        log: { level: 'silent' },
        workers: { shutdownGraceMs: 2000 },
        // Worker threads run compiled JavaScript (dist/); in-process servers under ts-jest extract on the main thread.
        // The process tests (test/integration/process) run the built server, worker threads included.
        extraction: { workerThreads: 0 },
      },
      overrides as Record<string, unknown>,
    ),
  );
  const server = await startServer(config, { ...options, logger: options.logger ?? createLogger(config.log.level) });
  const handle: TestServer = {
    server,
    config,
    dataDir,
    api: supertest(server.url),
    async stop() {
      open.delete(handle);
      await server.stop();
    },
  };
  open.add(handle);
  return handle;
}

/** For afterAll: fails the suite when a test left a server running. */
export function assertNoServersLeft(): void {
  if (open.size > 0) {
    const count = open.size;
    void Promise.all([...open].map((handle) => handle.stop()));
    throw new Error(`${count} test server(s) were left running`);
  }
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Polls the Jobs API until the job ends (the test-side equivalent of the guide's polling loop). */
export async function waitForJob(api: TestServer['api'], key: string, jobId: string, timeoutMs = 20000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.get(`/v1/jobs/${jobId}`).set(bearer(key));
    const status = res.body.status as string;
    if (['completed', 'partial', 'failed', 'cancelled'].includes(status)) return res.body as Record<string, unknown>;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The requests of one API key: `withKey(ts.api, KEY_A).post('/v1/fetch', { url })`. */
export function withKey(api: TestServer['api'], key: string) {
  return {
    post: (path: string, body: string | object) => api.post(path).set(bearer(key)).send(body),
    get: (path: string) => api.get(path).set(bearer(key)),
  };
}

/** The afterAll of a suite: stops the test server, then the fixtures, then checks that nothing is left running. */
export async function stopAll(ts: TestServer, ...fixtures: Array<{ close(): Promise<void> }>): Promise<void> {
  await ts.stop();
  for (const fixture of fixtures) await fixture.close();
  assertNoServersLeft();
}
