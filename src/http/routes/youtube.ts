import { Router } from 'express';
import { PRIORITY_ASYNC } from '../../jobs/job-service';
import type { YouTubeServices } from '../../surfaces/youtube/youtube-services';
import { searchCrawlInputSchema, searchQuerySchema, subtitlesQuerySchema, videoParamsSchema, videoQuerySchema } from '../../surfaces/youtube/youtube-input';
import { planSearch, searchYouTube } from '../../surfaces/youtube/youtube-search';
import { readSubtitles } from '../../surfaces/youtube/youtube-subtitles';
import type { AppDeps } from '../app-deps';
import { idempotencyOf } from '../idempotency-key';
import { locals, tenantOf } from '../request-locals';
import { callerGone } from '../caller-gone';
import { requireObjectBody, validateInput } from '../validate-input';

/** Result pages GET /v1/youtube/search reads inline; deeper searches are POST /v1/youtube/search/crawl jobs. */
export const SYNC_MAX_PAGES = 10;
/** Results of GET /v1/youtube/search when `limit` is not set: about one page. */
export const SYNC_DEFAULT_LIMIT = 20;

/**
 * /v1/youtube: search, video details and subtitles answered inline from YouTube's public pages, and the
 * search crawl as an async job (job_type youtube_search_crawl) polled through the Jobs API.
 */
export function youtubeRoutes(deps: Pick<AppDeps, 'jobs'>, youtube: YouTubeServices): Router {
  const router = Router();
  const { client } = youtube;

  router.get('/search', async (req, res) => {
    const query = validateInput(searchQuerySchema, req.query);
    const plan = planSearch(query, { limit: SYNC_DEFAULT_LIMIT, maxPages: SYNC_MAX_PAGES }, 'GET /v1/youtube/search');
    const body = await searchYouTube(client, query, plan, callerGone(req, res));
    res.json({ request_id: locals(res).requestId, ...body });
  });

  router.get('/videos/:video_id', async (req, res) => {
    const { video_id: videoId } = validateInput(videoParamsSchema, { video_id: req.params.video_id });
    // include_subtitles is accepted but adds nothing: the v1 YouTubeVideoResponse video object is closed and has
    // no subtitles field; `captions_available` says whether GET /v1/youtube/subtitles has something to return.
    const query = validateInput(videoQuerySchema, req.query);
    const { video } = await client.watchPage(videoId, { language: query.language, country: query.country }, callerGone(req, res));
    res.json({ request_id: locals(res).requestId, video });
  });

  router.get('/subtitles', async (req, res) => {
    const query = validateInput(subtitlesQuerySchema, req.query);
    const body = await readSubtitles(client, query, callerGone(req, res));
    res.json({ request_id: locals(res).requestId, ...body });
  });

  router.post('/search/crawl', async (req, res) => {
    const body = requireObjectBody(req.body);
    const input = validateInput(searchCrawlInputSchema, body);
    const { job, replayed } = await deps.jobs.submit({
      tenant: tenantOf(res),
      kind: 'youtube_search_crawl',
      input,
      priority: PRIORITY_ASYNC,
      idempotency: idempotencyOf(req, body),
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(202).json({ request_id: locals(res).requestId, mode: 'async', status: 'queued', job_id: job.id, job_type: job.kind });
  });

  return router;
}
