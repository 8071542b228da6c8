import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { KeepAlivePoller } from '../../helpers/keep-alive-poller';
import { bearer, KEY_A, startTestServer, type TestServer, withKey, stopAll } from '../../helpers/test-server';

let fixture: FixtureServer;
let ts: TestServer;

beforeAll(async () => {
  fixture = await startFixtureServer({ '/page': html(`<html><body><article>${'<p>Polling fixture paragraph.</p>'.repeat(50)}</article></body></html>`) });
  ts = await startTestServer({ limits: { rateLimit: { requestsPerMinute: 0 } } });
});

afterAll(() => stopAll(ts, fixture));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tally {
  answered: number;
  lost: Record<string, number>;
}

/** One connection: polls back to back for `burstMs`, stays idle for `idleMs` (a client's poll interval), polls again. */
async function pollWithPause(poller: KeepAlivePoller, paths: string[], burstMs: number, idleMs: number, tally: Tally): Promise<void> {
  for (const phase of ['burst', 'idle', 'burst'] as const) {
    if (phase === 'idle') {
      await sleep(idleMs);
      continue;
    }
    const endAt = Date.now() + burstMs;
    while (Date.now() < endAt) {
      const outcome = await poller.get(paths[Math.floor(Math.random() * paths.length)]);
      if ('status' in outcome) tally.answered += 1;
      else tally.lost[outcome.lost] = (tally.lost[outcome.lost] ?? 0) + 1;
    }
  }
}

describe('polling GET /v1/jobs/{id} under load', () => {
  it('answers every poll of 100 keep-alive connections (3 s of polling, a 6 s poll interval in between) while fetch jobs run', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const res = await withKey(ts.api, KEY_A).post('/v1/jobs', { kind: 'fetch', input: { url: `${fixture.url}/page?n=${i}`, output: ['markdown'] } });
      expect(res.status).toBe(202);
      ids.push(res.body.job_id as string);
    }
    const paths = ids.map((id) => `/v1/jobs/${id}`);
    const tally: Tally = { answered: 0, lost: {} };
    const pollers = Array.from({ length: 100 }, () => new KeepAlivePoller(ts.server.port, bearer(KEY_A)));
    try {
      await Promise.all(pollers.map((poller) => pollWithPause(poller, paths, 1500, 6000, tally)));
    } finally {
      for (const poller of pollers) poller.close();
    }
    expect(tally.lost).toEqual({});
    expect(tally.answered).toBeGreaterThan(200); // every connection polled in both bursts
  }, 60_000);
});
