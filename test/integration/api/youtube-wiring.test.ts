import { startYouTubeSite, type YouTubeSite } from '../../helpers/youtube-site';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, KEY_B, startTestServer, waitForJob, type TestServer, stopAll } from '../../helpers/test-server';

/** The YouTube endpoints through the real server (the YouTube suites cover the parsers and edge cases). */
let site: YouTubeSite;
let ts: TestServer;

beforeAll(async () => {
  site = await startYouTubeSite();
  ts = await startTestServer({ youtube: { baseUrl: site.url, perRequestDelayMs: 5 } });
});

afterAll(() => stopAll(ts, site));

describe('YouTube through the real server', () => {
  it('answers GET /v1/youtube/search and a video, per the v1 schemas', async () => {
    const search = await ts.api.get('/v1/youtube/search').query({ search: 'javascript tutorial', end_page: 2 }).set(bearer(KEY_A));
    expect(search.status).toBe(200);
    expectSpecValid('YouTubeSearchResponse', search.body);
    expect(search.body.results.length).toBeGreaterThan(2);
    const video = await ts.api.get('/v1/youtube/videos/W6NZfCO5SIk').set(bearer(KEY_A));
    expect(video.status).toBe(200);
    expectSpecValid('YouTubeVideoResponse', video.body);
    expect((await ts.api.get('/v1/youtube/videos/not-an-id!').set(bearer(KEY_A))).status).toBe(400);
    expect((await ts.api.get('/v1/youtube/search').query({ search: 'x' })).status).toBe(401);
  });

  it('runs POST /v1/youtube/search/crawl as a youtube_search_crawl job, per tenant', async () => {
    const submit = await ts.api.post('/v1/youtube/search/crawl').set(bearer(KEY_A)).send({ search: 'javascript tutorial', end_page: 3 });
    expect(submit.status).toBe(202);
    expectSpecValid('AsyncJobAcceptedResponse', submit.body);
    expect(submit.body.job_type).toBe('youtube_search_crawl');
    const status = await waitForJob(ts.api, KEY_A, submit.body.job_id);
    expectSpecValid('JobResponse', status);
    expect(status.status).toBe('completed');
    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expectSpecValid('JobResultResponse', result.body);
    expect((await ts.api.get(`/v1/jobs/${submit.body.job_id}`).set(bearer(KEY_B))).status).toBe(404);
  });
});
