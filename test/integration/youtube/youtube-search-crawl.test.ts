import type { YouTubeJobServices } from '../../../src/surfaces/youtube/youtube-surface';
import { PRIORITY_ASYNC } from '../../../src/jobs/job-service';
import type { JobRow } from '../../../src/jobs/job-store';
import { toJobResponse } from '../../../src/jobs/job-view';
import { createLogger } from '../../../src/logger';
import type { JobContext, SurfaceResult } from '../../../src/surfaces/surface';
import { youtubeSearchCrawlSurface } from '../../../src/surfaces/youtube/youtube-surface';
import type { SearchQuery } from '../../../src/surfaces/youtube/youtube-input';
import { TOKEN_PAGE_2, TOKEN_PAGE_3, type YouTubeSite } from '../../helpers/youtube-site';
import { expectSpecValid } from '../../helpers/spec-validator';
import { useYouTubeFixtures, type YouTubeHarness } from '../../helpers/youtube-harness';

let site: YouTubeSite;
let h: YouTubeHarness;
useYouTubeFixtures((started) => ({ site, h } = started));

async function submit(input: SearchQuery): Promise<JobRow> {
  const { job } = await h.jobs.submit({ tenant: 't1', kind: 'youtube_search_crawl', input, priority: PRIORITY_ASYNC });
  return job;
}

/** What the worker pool does with a surface: a JobContext around one attempt. */
function runOnce(job: JobRow, signal: AbortSignal, events: Array<[string, unknown]> = []): Promise<SurfaceResult> {
  const context: JobContext<YouTubeJobServices> = {
    jobId: job.id,
    tenant: job.tenant,
    attempt: 1,
    signal,
    services: h.services,
    logger: createLogger('silent'),
    setProgress: (completed, total) => h.store.setProgress(job.id, completed, total),
    publish: (event, data) => void events.push([event, data]),
  };
  return youtubeSearchCrawlSurface.run(JSON.parse(job.input) as SearchQuery, context);
}

/** Ends the job as the worker does and answers GET /v1/jobs/{id} and /result the way the Jobs API builds them. */
async function finishAndView(job: JobRow, result: SurfaceResult) {
  const now = Date.now();
  await h.store.claimNext('test-worker', now);
  const row = await h.store.finish(job.id, { status: result.status, completedAt: now, resultExpiresAt: now + 60_000, resultBody: result.body });
  const status = toJobResponse(row!, 'req-status', now);
  const body = (await h.store.readResult(job.id)) as Record<string, unknown>;
  const view = await youtubeSearchCrawlSurface.resultView(body, { jobId: job.id, status: row!.status, services: h.services });
  const resultResponse: Record<string, unknown> = {
    request_id: 'req-result',
    job_id: job.id,
    job_type: row!.kind,
    status: row!.status,
    mode: 'async',
    ...view,
  };
  return { status, resultResponse };
}

describe('youtube_search_crawl job', () => {
  it('pages start_page..end_page through continuation tokens, stores each page, and its result validates', async () => {
    const job = await submit({ search: 'javascript tutorial', start_page: 2, end_page: 3 });
    const events: Array<[string, unknown]> = [];
    const result = await runOnce(job, new AbortController().signal, events);
    expect(result.status).toBe('completed');
    expect(site.requests).toEqual([
      expect.stringMatching(/^GET \/results\?search_query=/),
      `POST /youtubei/v1/search?prettyPrint=false ${TOKEN_PAGE_2}`,
      `POST /youtubei/v1/search?prettyPrint=false ${TOKEN_PAGE_3}`,
    ]);
    expect(events.map(([, data]) => data)).toEqual([
      { page: 1, results: 0 }, // fetched only for its token
      { page: 2, results: 3 },
      { page: 3, results: 2 },
    ]);
    const { status, resultResponse } = await finishAndView(job, result);
    expectSpecValid('YouTubeSearchJobStatusResponse', status);
    expectSpecValid('JobResponse', status);
    expectSpecValid('YouTubeSearchJobResultResponse', resultResponse);
    expectSpecValid('JobResultResponse', resultResponse);
    const inner = (resultResponse as unknown as { result: Record<string, unknown> }).result;
    // The result is itself a v1 YouTubeSearchResponse (less request_id), so a client parses both alike.
    expectSpecValid('YouTubeSearchResponse', { request_id: 'x', ...inner });
    expect((inner.results as Array<{ id: string }>).map((r) => r.id)).toEqual([
      'hdI2bqOjy3c',
      'PkZNo7MFNFg',
      'DHjqpvDnNGE',
      'lkIFF4maKMU',
      'PLWKjhJtqVAbleDe3_ZA8h3AO2rXar-q2V',
    ]);
    expect(inner.pagination).toEqual({ limit: 100, count: 5, start_page: 2, end_page: 3, pages_crawled: 2 });
  });

  it('killed after page 2, resumes at page 3 with the stored token, never fetching pages 1–2 again', async () => {
    const job = await submit({ search: 'javascript tutorial', end_page: 3, type: 'video' });
    const first = new AbortController();
    // The process "dies" while page 3 is being asked for: pages 1 and 2 are stored by then.
    site.onContinuation = (token) => {
      if (token === TOKEN_PAGE_3) first.abort(new Error('killed'));
    };
    await runOnce(job, first.signal);
    const stored = await h.youtube.pages.pages(job.id);
    expect(stored.map((page) => page.page)).toEqual([1, 2]);
    expect(stored[1].continuation).toBe(TOKEN_PAGE_3);

    site.onContinuation = undefined;
    site.requests.length = 0;
    const result = await runOnce(job, new AbortController().signal);
    expect(site.requests).toEqual([`POST /youtubei/v1/search?prettyPrint=false ${TOKEN_PAGE_3}`]);
    const { status, resultResponse } = await finishAndView(job, result);
    expectSpecValid('YouTubeSearchJobStatusResponse', status);
    expectSpecValid('YouTubeSearchJobResultResponse', resultResponse);
    const inner = (resultResponse as unknown as { result: { results: Array<{ id: string; kind: string }>; pagination: unknown } }).result;
    expect(inner.results.map((r) => r.id)).toEqual(['W6NZfCO5SIk', 'PkZNo7MFNFg', 'hdI2bqOjy3c', 'DHjqpvDnNGE', 'lkIFF4maKMU']);
    expect(inner.results.every((r) => r.kind === 'video')).toBe(true);
    expect(inner.pagination).toEqual({ limit: 100, count: 5, start_page: 1, end_page: 3, pages_crawled: 3 });
  });

  it('a job that is already complete does not fetch again when it is run once more', async () => {
    const job = await submit({ search: 'javascript tutorial', limit: 2 });
    await runOnce(job, new AbortController().signal);
    site.requests.length = 0;
    const again = await runOnce(job, new AbortController().signal);
    expect(site.requests).toEqual([]);
    expect(again.status).toBe('completed');
    const { resultResponse } = await finishAndView(job, again);
    expect((resultResponse as unknown as { result: { results: unknown[] } }).result.results).toHaveLength(2);
  });

  it('fails with not_found when there is no result, and with target_blocked (retryable) on a consent page', async () => {
    await expect(runOnce(await submit({ search: 'zxqv' }), new AbortController().signal)).rejects.toMatchObject({ code: 'not_found' });
    await expect(runOnce(await submit({ search: 'consent redirect' }), new AbortController().signal)).rejects.toMatchObject({
      code: 'target_blocked',
      retryable: true,
      blocked: true,
    });
    await expect(runOnce(await submit({ search: 'changed' }), new AbortController().signal)).rejects.toMatchObject({
      code: 'extraction_failed',
      retryable: false,
    });
  });
});
