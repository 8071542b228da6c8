import { toJobResponse } from '../../../src/jobs/job-view';
import { TOKEN_PAGE_2, TOKEN_PAGE_3, type YouTubeSite } from '../../helpers/youtube-site';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, useYouTubeFixtures, type YouTubeHarness } from '../../helpers/youtube-harness';

let site: YouTubeSite;
let h: YouTubeHarness;
useYouTubeFixtures((started) => ({ site, h } = started));

const search = (query: Record<string, string | number>) => h.api.get('/v1/youtube/search').query(query).set(bearer);

describe('GET /v1/youtube/search', () => {
  it('pages through three result pages with continuation tokens and answers the v1 schema', async () => {
    const res = await search({ search: 'javascript tutorial', end_page: 3, limit: 100 });
    expect(res.status).toBe(200);
    expectSpecValid('YouTubeSearchResponse', res.body);
    expect(site.requests).toEqual([
      expect.stringMatching(/^GET \/results\?search_query=javascript\+tutorial$/),
      `POST /youtubei/v1/search?prettyPrint=false ${TOKEN_PAGE_2}`,
      `POST /youtubei/v1/search?prettyPrint=false ${TOKEN_PAGE_3}`,
    ]);
    const results = res.body.results as Array<Record<string, unknown>>;
    expect(results.map((r) => `${r.kind}:${r.id}`)).toEqual([
      'video:W6NZfCO5SIk',
      'channel:UCsBjURrPoezykLs9EqgamOA',
      'video:PkZNo7MFNFg',
      'playlist:PLillGF-RfqbbJYRaNqeUzAb7QY-IqBKRx',
      'video:hdI2bqOjy3c', // page 2 repeats PkZNo7MFNFg: listed once
      'video:DHjqpvDnNGE',
      'video:lkIFF4maKMU',
      'playlist:PLWKjhJtqVAbleDe3_ZA8h3AO2rXar-q2V',
    ]);
    expect(results[0]).toEqual({
      kind: 'video',
      id: 'W6NZfCO5SIk',
      title: 'JavaScript Tutorial for Beginners: Learn JavaScript in 1 Hour',
      url: 'https://www.youtube.com/watch?v=W6NZfCO5SIk',
      thumbnail: expect.stringMatching(/^https:\/\/i\.ytimg\.com\/vi\/W6NZfCO5SIk\/hq720\.jpg\?sqp=-oaymwEcCNAF/),
      channel: 'Programming with Mosh',
      description: 'Watch this JavaScript tutorial for beginners to learn JavaScript basics in one hour.',
      published_at: '6 years ago',
      view_count: 18765432,
      duration: 'PT48M17S',
    });
    expect(results[1]).toMatchObject({
      url: 'https://www.youtube.com/@Fireship',
      thumbnail: expect.stringMatching(/^https:\/\/yt3\.googleusercontent\.com\//),
    });
    expect(results.find((r) => r.id === 'lkIFF4maKMU')?.view_count).toBe(0); // "No views"
    expect(res.body.pagination).toEqual({ limit: 100, count: 8, start_page: 1, end_page: 3, pages_crawled: 3 });
    expect(res.body.query_context).toEqual({ search: 'javascript tutorial', type: 'all', start_page: 1, end_page: 3 });
  });

  it("keeps only the requested pages and type, sends YouTube's type filter and locale", async () => {
    const res = await search({ search: 'javascript tutorial', start_page: 2, end_page: 2, type: 'video', language: 'en', country: 'us' });
    expect(res.status).toBe(200);
    expectSpecValid('YouTubeSearchResponse', res.body);
    expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(['hdI2bqOjy3c', 'PkZNo7MFNFg', 'DHjqpvDnNGE']);
    expect(res.body.pagination).toMatchObject({ start_page: 2, end_page: 2, pages_crawled: 1, count: 3 });
    expect(res.body.query_context).toEqual({ search: 'javascript tutorial', language: 'en', country: 'us', type: 'video', start_page: 2, end_page: 2 });
    expect(site.requests[0]).toContain('sp=EgIQAQ%3D%3D');
    expect(site.requests[0]).toContain('hl=en');
    expect(site.requests[0]).toContain('gl=US');
    expect(site.requests).toHaveLength(2); // page 1 for its token, page 2; never page 3
  });

  it('stops at limit without fetching further pages', async () => {
    const res = await search({ search: 'javascript tutorial', limit: 2 });
    expect(res.status).toBe(200);
    expectSpecValid('YouTubeSearchResponse', res.body);
    expect(res.body.results).toHaveLength(2);
    expect(res.body.pagination).toMatchObject({ limit: 2, count: 2, pages_crawled: 1, end_page: 1 });
    expect(site.requests).toHaveLength(1);
  });

  it('answers 404 when there are no results', async () => {
    const res = await search({ search: 'zxqv' });
    expect(res.status).toBe(404);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('not_found');
  });

  it.each([
    ['consent redirect', 502, 'target_blocked', true],
    ['consent form', 502, 'target_blocked', true],
    ['throttled', 502, 'target_blocked', true],
    ['changed', 422, 'extraction_failed', undefined],
    ['unknown', 422, 'extraction_failed', undefined],
    ['noinit', 422, 'extraction_failed', undefined],
  ])('"%s" → %i %s, never an empty success', async (query, status, code, blocked) => {
    const res = await search({ search: query });
    expect(res.status).toBe(status);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe(code);
    expect(res.body.diagnostics?.blocked).toBe(blocked);
  });

  it('refuses what the v1 schema refuses', async () => {
    for (const query of [
      {},
      { search: '' },
      { search: 'x', type: 'short' },
      { search: 'x', limit: 0 },
      { search: 'x', limit: 1001 },
      { search: 'x', country: 'USA' },
      { search: 'x', unknown: 1 },
      { search: 'x', start_page: 3, end_page: 2 },
    ]) {
      const res = await search(query as Record<string, string>);
      expect(res.status).toBe(400);
      expectSpecValid('ErrorResponse', res.body);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect(site.requests).toHaveLength(0);
  });

  it('requires the API key', async () => {
    const res = await h.api.get('/v1/youtube/search?search=x');
    expect(res.status).toBe(401);
  });
});

describe('GET /v1/youtube/videos/{video_id}', () => {
  it('reads the watch page into the v1 video object', async () => {
    const res = await h.api.get('/v1/youtube/videos/W6NZfCO5SIk').query({ include_subtitles: 'true', language: 'en' }).set(bearer);
    expect(res.status).toBe(200);
    expectSpecValid('YouTubeVideoResponse', res.body);
    expect(res.body.video).toEqual({
      id: 'W6NZfCO5SIk',
      title: 'JavaScript Tutorial for Beginners: Learn JavaScript in 1 Hour',
      url: 'https://www.youtube.com/watch?v=W6NZfCO5SIk',
      channel: 'Programming with Mosh',
      description: expect.stringContaining('TABLE OF CONTENT\n00:00 What is JavaScript'),
      published_at: '2018-04-24T14:00:11.000Z',
      thumbnails: [
        'https://i.ytimg.com/vi/W6NZfCO5SIk/default.jpg',
        'https://i.ytimg.com/vi/W6NZfCO5SIk/hqdefault.jpg',
        'https://i.ytimg.com/vi_webp/W6NZfCO5SIk/maxresdefault.webp',
      ],
      duration: 'PT48M17S',
      view_count: 18765432,
      like_count: 456789,
      tags: ['javascript', 'javascript tutorial', 'learn javascript', 'programming with mosh'],
      category: 'Education',
      captions_available: true,
    });
    expect(site.requests[0]).toBe('GET /watch?v=W6NZfCO5SIk&hl=en');
  });

  it('says when a video has no captions', async () => {
    const res = await h.api.get('/v1/youtube/videos/PkZNo7MFNFg').set(bearer);
    expect(res.status).toBe(200);
    expectSpecValid('YouTubeVideoResponse', res.body);
    expect(res.body.video.captions_available).toBe(false);
  });

  it.each([
    ['bad!id', 400, 'invalid_request'],
    ['short', 400, 'invalid_request'],
    ['zzzzzzzzzzz', 404, 'not_found'],
    ['noPlayer123', 422, 'extraction_failed'],
    ['consentForm', 502, 'target_blocked'],
  ])('%s → %i %s', async (id, status, code) => {
    const res = await h.api.get(`/v1/youtube/videos/${id}`).set(bearer);
    expect(res.status).toBe(status);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe(code);
  });

  it('refuses an unknown query field', async () => {
    const res = await h.api.get('/v1/youtube/videos/W6NZfCO5SIk?foo=1').set(bearer);
    expect(res.status).toBe(400);
  });
});

describe('GET /v1/youtube/subtitles', () => {
  it('returns creator and automatic tracks, json3 and XML, grouped by origin and language', async () => {
    const res = await h.api.get('/v1/youtube/subtitles').query({ video_id: 'W6NZfCO5SIk' }).set(bearer);
    expect(res.status).toBe(200);
    expectSpecValid('YouTubeSubtitlesResponse', res.body);
    expect(res.body.video_id).toBe('W6NZfCO5SIk');
    expect(Object.keys(res.body.subtitles.creator)).toEqual(['en', 'de']);
    expect(Object.keys(res.body.subtitles.auto_generated)).toEqual(['en']);
    expect(res.body.subtitles.creator.en[0]).toEqual({
      start_ms: '500',
      d_duration_ms: '3200',
      snippet: { runs: [{ text: "In this tutorial you're going to learn" }] },
    });
    expect(res.body.subtitles.creator.en[1].snippet.runs[0].text).toBe('JavaScript & its basics');
    expect(res.body.subtitles.creator.de).toEqual([
      { start_ms: '1000', d_duration_ms: '2500', snippet: { runs: [{ text: 'In diesem Tutorial' }] } },
      { start_ms: '3600', d_duration_ms: '2000', snippet: { runs: [{ text: 'lernst du JavaScript.' }] } },
    ]);
    expect(res.body.subtitles.auto_generated.en.map((s: { snippet: { runs: Array<{ text: string }> } }) => s.snippet.runs[0].text)).toEqual([
      'in this tutorial',
      "you're going to learn",
      'javascript from scratch',
    ]);
    const timedtext = site.requests.filter((r) => r.startsWith('GET /api/timedtext'));
    expect(timedtext).toHaveLength(3);
    for (const request of timedtext) expect(request).toContain('fmt=json3');
  });

  it('selects by origin and language, and include_timestamps=false gives plain text', async () => {
    const res = await h.api
      .get('/v1/youtube/subtitles')
      .query({ video_id: 'W6NZfCO5SIk', language: 'en-US', subtitle_origin: 'auto_generated', include_timestamps: 'false' })
      .set(bearer);
    expect(res.status).toBe(200);
    expectSpecValid('YouTubeSubtitlesResponse', res.body);
    expect(res.body.subtitles.creator).toEqual({});
    expect(res.body.subtitles.auto_generated).toEqual({
      en: [{ start_ms: '160', d_duration_ms: '7960', snippet: { runs: [{ text: "in this tutorial you're going to learn javascript from scratch" }] } }],
    });
    expect(site.requests.filter((r) => r.startsWith('GET /api/timedtext'))).toHaveLength(1);
  });

  it('answers 404 for a video without captions, and for a language it does not have', async () => {
    const none = await h.api.get('/v1/youtube/subtitles').query({ video_id: 'PkZNo7MFNFg' }).set(bearer);
    expect(none.status).toBe(404);
    expectSpecValid('ErrorResponse', none.body);
    expect(none.body.error.code).toBe('not_found');
    const french = await h.api.get('/v1/youtube/subtitles').query({ video_id: 'W6NZfCO5SIk', language: 'fr' }).set(bearer);
    expect(french.status).toBe(404);
    expect(french.body.error.message).toContain('available: en (creator), de (creator), en (auto_generated)');
  });

  it('refuses a bad video_id or origin', async () => {
    for (const query of [
      {},
      { video_id: 'no' },
      { video_id: 'W6NZfCO5SIk', subtitle_origin: 'human' },
      { video_id: 'W6NZfCO5SIk', include_timestamps: 'yes' },
    ]) {
      const res = await h.api.get('/v1/youtube/subtitles').query(query).set(bearer);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
  });
});

describe('POST /v1/youtube/search/crawl', () => {
  it('queues a youtube_search_crawl job (202) whose status validates as YouTubeSearchJobStatusResponse', async () => {
    const res = await h.api.post('/v1/youtube/search/crawl').set(bearer).send({ search: 'javascript tutorial', limit: 500, type: 'video' });
    expect(res.status).toBe(202);
    expectSpecValid('AsyncJobAcceptedResponse', res.body);
    expect(res.body).toMatchObject({ mode: 'async', status: 'queued', job_type: 'youtube_search_crawl' });
    const row = await h.store.findById(res.body.job_id);
    expect(row?.kind).toBe('youtube_search_crawl');
    expect(JSON.parse(row?.input ?? '{}')).toEqual({ search: 'javascript tutorial', limit: 500, type: 'video' });
    const status = toJobResponse(row!, 'req-1', Date.now());
    expectSpecValid('YouTubeSearchJobStatusResponse', status);
    expectSpecValid('JobResponse', status);
    expect(site.requests).toHaveLength(0); // nothing is fetched until a worker runs it
  });

  it('replays an Idempotency-Key and refuses a bad body', async () => {
    const first = await h.api.post('/v1/youtube/search/crawl').set(bearer).set('Idempotency-Key', 'yt-1').send({ search: 'a' });
    const again = await h.api.post('/v1/youtube/search/crawl').set(bearer).set('Idempotency-Key', 'yt-1').send({ search: 'a' });
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.job_id).toBe(first.body.job_id);
    for (const body of [{}, { search: 'x', limit: '5' }, { search: 'x', extra: true }, { search: 'x', end_page: 0 }]) {
      const res = await h.api.post('/v1/youtube/search/crawl').set(bearer).send(body);
      expect(res.status).toBe(400);
      expectSpecValid('ErrorResponse', res.body);
    }
  });
});
