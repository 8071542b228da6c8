import { searchCrawlInputSchema, searchQuerySchema, subtitlesQuerySchema, videoParamsSchema, videoQuerySchema } from '../../../surfaces/youtube/youtube-input';
import type { OperationSpec } from '../operation';

/** /v1/youtube (routes/youtube.ts). */
export const youtubeOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/v1/youtube/search',
    operationId: 'youtubeSearch',
    summary: 'Search YouTube',
    tags: ['YouTube'],
    query: searchQuerySchema,
    responses: { '200': 'The results.' },
  },
  {
    method: 'post',
    path: '/v1/youtube/search/crawl',
    operationId: 'queueYouTubeSearchCrawl',
    summary: 'Search YouTube over many result pages, as a job',
    tags: ['YouTube'],
    body: searchCrawlInputSchema,
    responses: { '202': 'Queued: the job_id to poll.' },
  },
  {
    method: 'get',
    path: '/v1/youtube/videos/{video_id}',
    operationId: 'getYouTubeVideo',
    summary: "A video's details",
    tags: ['YouTube'],
    params: videoParamsSchema,
    query: videoQuerySchema,
    responses: { '200': 'The video.' },
  },
  {
    method: 'get',
    path: '/v1/youtube/subtitles',
    operationId: 'getYouTubeSubtitles',
    summary: "A video's subtitles",
    tags: ['YouTube'],
    query: subtitlesQuerySchema,
    responses: { '200': 'The subtitles.' },
  },
];
