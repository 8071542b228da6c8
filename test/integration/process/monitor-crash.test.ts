import fs from 'node:fs';
import path from 'node:path';
import supertest from 'supertest';
import { startFixtureServer, until, type FixtureServer } from '../../helpers/fixture-server';
import { killLeftoverServers, spawnServer, type ServerProcess } from '../../helpers/server-process';
import { tempDir, withKey } from '../../helpers/test-server';

const KEY = 'monitor-crash-key-000001';
const ENV = { SCRAPIO_API_KEYS: KEY, SCRAPIO_ALLOW_HOSTS: '127.0.0.1' };
/** Every 2 seconds: real time, so the schedule moves while the test watches (monitors.minIntervalSeconds is 1 here). */
const EVERY_TWO_SECONDS = '*/2 * * * * *';

let fixture: FixtureServer;
/** While set, /page holds every request (the run's job is running when the server is killed). */
let holding = false;
let heldRequests = 0;

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/page': (_req, res) => {
      if (!holding)
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><article><p>Monitored page text.</p></article></body></html>');
      heldRequests += 1;
      return undefined;
    },
  });
});

afterAll(async () => {
  killLeftoverServers();
  await fixture.close();
});

function startBin(dataDir: string): Promise<ServerProcess> {
  const configFile = path.join(dataDir, 'test.config.json');
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, JSON.stringify({ monitors: { minIntervalSeconds: 1 }, log: { level: 'warn' } }));
  return spawnServer(['--port', '0', '--data-dir', dataDir, '--config', configFile], ENV);
}

type Run = { run_id: string; status: string; scheduled_for: string; job_id: string | null; trigger: string };

async function runsOf(url: string, monitorId: string): Promise<Run[]> {
  const res = await withKey(supertest(url), KEY).get(`/v1/monitors/${monitorId}/runs?limit=100`);
  expect(res.status).toBe(200);
  return res.body.runs;
}

async function waitForRuns(url: string, monitorId: string, predicate: (runs: Run[]) => boolean, timeoutMs = 30000): Promise<Run[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await runsOf(url, monitorId);
    if (predicate(runs)) return runs;
    if (Date.now() > deadline) throw new Error(`runs of ${monitorId}: ${JSON.stringify(runs)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function kill(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** Each scheduled time at most once, and each run's job its own. */
function expectNoDuplicates(runs: Run[]): void {
  const scheduled = runs.filter((run) => run.trigger === 'schedule').map((run) => run.scheduled_for);
  expect(new Set(scheduled).size).toBe(scheduled.length);
  const jobs = runs.map((run) => run.job_id).filter((id) => id !== null);
  expect(new Set(jobs).size).toBe(jobs.length);
}

describe('monitors across kill -9', () => {
  it('killed between two scheduled runs: after restart the next scheduled time runs once, nothing is duplicated', async () => {
    holding = false;
    const dataDir = tempDir();
    const first = await startBin(dataDir);
    const created = await withKey(supertest(first.url), KEY).post('/v1/monitors', { name: 'crash', url: `${fixture.url}/page`, cron: EVERY_TWO_SECONDS });
    expect(created.status).toBe(201);
    const id = created.body.monitor_id as string;
    const before = await waitForRuns(first.url, id, (runs) => runs.some((run) => run.status === 'completed'));
    // Between two runs: the last one has ended, the stored next time is still to come.
    const pendingNext = (await withKey(supertest(first.url), KEY).get(`/v1/monitors/${id}`)).body.next_run_at as string;
    await kill(first);
    const lastBefore = before[0];
    expect(Date.parse(pendingNext)).toBeGreaterThan(Date.parse(lastBefore.scheduled_for));

    const second = await startBin(dataDir);
    try {
      // The time stored when the process died runs (on time or as the one catch-up run), then the schedule goes on.
      const after = await waitForRuns(second.url, id, (runs) => {
        const done = runs.filter((run) => run.status !== 'pending' && run.status !== 'running');
        return done.some((run) => run.scheduled_for === pendingNext) && done.some((run) => Date.parse(run.scheduled_for) > Date.parse(pendingNext));
      });
      expect(after.filter((run) => run.scheduled_for === pendingNext)).toHaveLength(1);
      expect(after.find((run) => run.scheduled_for === pendingNext)!.status).toBe('completed');
      // Nothing between the last run before the kill and the stored next time was invented.
      expect(
        after.filter((run) => Date.parse(run.scheduled_for) > Date.parse(lastBefore.scheduled_for) && Date.parse(run.scheduled_for) < Date.parse(pendingNext)),
      ).toEqual([]);
      expectNoDuplicates(after);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('killed while a run is running: after restart that run completes once, with its one job', async () => {
    holding = true;
    heldRequests = 0;
    const dataDir = tempDir();
    const first = await startBin(dataDir);
    const created = await withKey(supertest(first.url), KEY).post('/v1/monitors', {
      name: 'crash mid-run',
      url: `${fixture.url}/page`,
      cron: EVERY_TWO_SECONDS,
      fetch: { timeout_ms: 120000 },
    });
    const id = created.body.monitor_id as string;
    await until(() => heldRequests >= 1, 20000);
    const [running] = await waitForRuns(first.url, id, (runs) => runs.some((run) => run.status === 'running'));
    expect(running.job_id).not.toBeNull();
    await kill(first);

    holding = false;
    const second = await startBin(dataDir);
    try {
      const after = await waitForRuns(second.url, id, (runs) => runs.find((run) => run.run_id === running.run_id)?.status === 'completed');
      const same = after.find((run) => run.run_id === running.run_id)!;
      expect(same.job_id).toBe(running.job_id);
      expectNoDuplicates(after);
      // The run's job was requeued and finished, not submitted again; every run's job is a job of its own.
      const jobs = await withKey(supertest(second.url), KEY).get('/v1/jobs?limit=100');
      const jobIds: string[] = jobs.body.jobs.map((job: { job_id: string }) => job.job_id);
      expect(jobIds.filter((jobId) => jobId === running.job_id)).toHaveLength(1);
      expect(new Set(jobIds).size).toBe(jobIds.length);
      for (const run of after) if (run.job_id !== null) expect(jobIds).toContain(run.job_id);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
