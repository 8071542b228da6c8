import supertest from 'supertest';
import { startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { killLeftoverServers, spawnServer } from '../../helpers/server-process';
import { bearer, tempDir, waitForJob } from '../../helpers/test-server';

const KEY = 'crawl-resume-key-0001';
const PAGES = 30;
const STORED_BEFORE_CRASH = 10;
let site: FixtureServer;
let hang = true;

/** A hub linking to /p/0 … /p/29; from /p/10 on, pages hang until `hang` is cleared (the crawl is mid-way). */
beforeAll(async () => {
  const links = Array.from({ length: PAGES }, (_, i) => `<a href="/p/${i}">page ${i}</a>`).join(' ');
  site = await startFixtureServer({
    '/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><title>Hub</title></head><body>${links}</body></html>`),
  });
  for (let i = 0; i < PAGES; i += 1) {
    site.route(`/p/${i}`, (_req, res) => {
      if (hang && i >= STORED_BEFORE_CRASH) return; // never answered: the process dies first
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<html><head><title>P${i}</title></head><body><article><p>Page number ${i}.</p></article></body></html>`);
    });
  }
});

afterAll(async () => {
  killLeftoverServers();
  await site.close();
});

async function progressOf(api: ReturnType<typeof supertest>, jobId: string): Promise<number> {
  const res = await api.get(`/v1/jobs/${jobId}`).set(bearer(KEY));
  return (res.body.progress?.completed as number | undefined) ?? 0;
}

describe('crawl crash safety', () => {
  it('kill -9 mid-crawl: the restarted crawl resumes, fetching no stored page again, each URL once', async () => {
    const dataDir = tempDir();
    const env = { SCRAPIO_API_KEYS: KEY, SCRAPIO_ALLOW_HOSTS: '127.0.0.1' };
    const first = await spawnServer(['--port', '0', '--data-dir', dataDir], env);
    const api1 = supertest(first.url);
    const submit = await api1
      .post('/v1/jobs')
      .set(bearer(KEY))
      .send({ kind: 'crawl', input: { seeds: [`${site.url}/`], max_pages: PAGES + 1, max_depth: 1, output: ['text'] } });
    expect(submit.status).toBe(202);
    // The hub and the first pages are stored; the workers now wait on pages that never answer.
    const deadline = Date.now() + 15000;
    while ((await progressOf(api1, submit.body.job_id)) < STORED_BEFORE_CRASH + 1) {
      if (Date.now() > deadline) throw new Error('crawl did not progress');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const hitsBeforeCrash = site.hits.length;

    hang = false;
    const second = await spawnServer(['--port', '0', '--data-dir', dataDir], env);
    try {
      const api2 = supertest(second.url);
      const status = await waitForJob(api2, KEY, submit.body.job_id, 30000);
      expect(status.status).toBe('completed');
      const result = await api2.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY));
      const urls: string[] = result.body.result.pages.map((page: { url: string }) => page.url.replace(site.url, ''));
      expect(urls).toHaveLength(PAGES + 1);
      expect(new Set(urls).size).toBe(urls.length);
      expect(result.body.result.summary).toMatchObject({ pages_fetched: PAGES + 1, pages_failed: 0 });
      const afterRestart = site.hits.slice(hitsBeforeCrash);
      for (let i = 0; i < STORED_BEFORE_CRASH; i += 1) expect(afterRestart).not.toContain(`GET /p/${i}`);
      expect(afterRestart).not.toContain('GET /');
      expect(afterRestart).toContain(`GET /p/${PAGES - 1}`);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
