import { readFile } from 'node:fs/promises';
import { z, type ZodType } from 'zod';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AppDeps } from '../http/app-deps';
import { idempotencyFor } from '../http/idempotency-key';
import { queryValueSchema, toJsonSchema, type JsonSchema } from '../http/openapi/json-schema';
import { createJobEnvelope, resultPaging } from '../http/routes/jobs';
import { SYNC_DEFAULT_LIMIT, SYNC_MAX_PAGES } from '../http/routes/youtube';
import { validateInput } from '../http/validate-input';
import { schemaOptions } from '../surfaces/shared/common-input';
import { surfaces, SURFACE_KINDS, type SurfaceKind } from '../surfaces/registry';
import { searchCrawlInputSchema, subtitlesQuerySchema, videoParamsSchema, videoQuerySchema } from '../surfaces/youtube/youtube-input';
import { planSearch, searchYouTube } from '../surfaces/youtube/youtube-search';
import { readSubtitles } from '../surfaces/youtube/youtube-subtitles';
import { JobCalls, type Progress } from './job-calls';
import { describeOutputs, jsonBlock, screenshotUrls, toolResult, type ImageContent } from './tool-result';

/** What a tool call gets: the caller's tenant, the server, and a way to report progress (when the client asked for it). */
export interface ToolContext {
  deps: AppDeps;
  tenant: string;
  signal: AbortSignal;
  reportProgress?: (progress: Progress) => Promise<void>;
}

export interface Tool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  call(args: Record<string, unknown>, context: ToolContext): Promise<CallToolResult>;
}

const jobIdArgs = z.strictObject({ job_id: z.string().min(1) });
const resultArgs = z.strictObject({
  job_id: z.string().min(1),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
const submitArgs = z.strictObject({
  kind: createJobEnvelope.shape.kind,
  input: createJobEnvelope.shape.input,
  webhook: createJobEnvelope.shape.webhook,
  /** The Idempotency-Key header of POST /v1/jobs, as an argument: the same key and body replay the same job. */
  idempotency_key: z.string().optional(),
});

const SURFACE_DESCRIPTIONS: Record<SurfaceKind, string> = {
  fetch: 'Fetch one URL and return it as markdown (or html, json, screenshot; set render_js for JavaScript pages). Same input as POST /v1/fetch.',
  crawl:
    'Crawl a site from seed URLs and return its pages as markdown. Sends progress notifications; answers with the job id if the crawl outlasts the wait (then use get_job / get_job_result). Same input as POST /v1/crawl.',
  map: "List a site's URLs (links and sitemaps) without fetching their content. Same input as POST /v1/map.",
  interact: 'Open a page in Chromium, run actions (click, type, wait, scroll…) and return the resulting page. Same input as POST /v1/interact.',
  search:
    'Search the web, or this server\'s own index of pages it has fetched (provider: "local"), and optionally fetch the results. Same input as POST /v1/search.',
};

/** The tool list for one server: the input schemas are the API's own zod schemas, with this server's options. */
export function buildTools(deps: AppDeps): Tool[] {
  const options = schemaOptions(deps.config);
  const surfaceTools = SURFACE_KINDS.map<Tool>((kind) => ({
    name: kind,
    title: `${kind[0].toUpperCase()}${kind.slice(1)}`,
    description: SURFACE_DESCRIPTIONS[kind],
    inputSchema: toJsonSchema(surfaces[kind].inputSchema(options)),
    call: (args, context) => runSurfaceTool(kind, args, context),
  }));
  return [
    ...surfaceTools,
    {
      name: 'submit_job',
      title: 'Submit job',
      description:
        'Queue any surface request (kind fetch, crawl, map, interact or search, with its input) as an async job; returns the job id. Same as POST /v1/jobs.',
      inputSchema: toJsonSchema(submitArgs),
      async call(args, { deps: d, tenant }) {
        const { idempotency_key: key, ...body } = validateInput(submitArgs, args);
        // Fingerprinted as POST /v1/jobs is (the jobs router's path is "/"), so a retry through either front door replays the job.
        const idempotency = key === undefined ? undefined : idempotencyFor(key, 'POST /v1/jobs/', body);
        const job = await new JobCalls(d, tenant).submit(body.kind, body.input, body.webhook?.url, idempotency);
        return toolResult(`Queued ${job.job_type} job \`${String(job.job_id)}\`. Call get_job to follow it.`, job);
      },
    },
    {
      name: 'get_job',
      title: 'Get job',
      description: "A job's status, progress and whether its result is available. Same as GET /v1/jobs/{id}.",
      inputSchema: toJsonSchema(jobIdArgs),
      async call(args, { deps: d, tenant }) {
        const job = await new JobCalls(d, tenant).get(validateInput(jobIdArgs, args).job_id);
        const progress = job.progress as { completed: number; total: number } | undefined;
        return toolResult(
          `Job \`${String(job.job_id)}\` (${String(job.job_type)}): **${String(job.status)}**${progress ? `, ${progress.completed}/${progress.total} done` : ''}.`,
          job,
        );
      },
    },
    {
      name: 'get_job_result',
      title: 'Get job result',
      description: "A finished job's result. Crawl pages are paged: offset (default 0) and limit (default 100). Same as GET /v1/jobs/{id}/result.",
      inputSchema: toJsonSchema(resultArgs),
      async call(args, { deps: d, tenant }) {
        const parsed = validateInput(resultArgs, args);
        const paging = validateInput(resultPaging, { offset: parsed.offset, limit: parsed.limit });
        const result = await new JobCalls(d, tenant).result(parsed.job_id, paging);
        return toolResult(describeView(String(result.job_type), result), result, await screenshots(result, d, tenant));
      },
    },
    {
      name: 'cancel_job',
      title: 'Cancel job',
      description: 'Cancel a queued or running job. Same as POST /v1/jobs/{id}/cancel.',
      inputSchema: toJsonSchema(jobIdArgs),
      async call(args, { deps: d, tenant }) {
        const job = await new JobCalls(d, tenant).cancel(validateInput(jobIdArgs, args).job_id);
        return toolResult(`Job \`${String(job.job_id)}\`: ${String(job.status)}.`, job);
      },
    },
    ...youtubeTools(),
  ];
}

async function runSurfaceTool(kind: SurfaceKind, args: Record<string, unknown>, context: ToolContext): Promise<CallToolResult> {
  const { deps, tenant } = context;
  const waitMs = kind === 'crawl' ? deps.config.mcp.crawlWaitMs : deps.config.inline.timeoutMs;
  const outcome = await new JobCalls(deps, tenant).runSurface(kind, args, waitMs, kind === 'crawl' ? context.reportProgress : undefined);
  if (!outcome.ended) {
    const job = outcome.job;
    return toolResult(
      `The ${kind} job \`${String(job.job_id)}\` is still ${String(job.status)} after ${waitMs} ms; it keeps running. Call get_job, then get_job_result, with this job_id.`,
      job,
    );
  }
  const structured = { job_id: outcome.jobId, ...outcome.view };
  return toolResult(describeView(kind, outcome.view), structured, await screenshots(outcome.view, deps, tenant));
}

/** The markdown of a surface's view: the page(s) content for fetch/interact/crawl, a list for map and search. */
function describeView(kind: string, view: Record<string, unknown>): string {
  const result = (view.result ?? {}) as Record<string, unknown>;
  if (kind === 'fetch') return describeOutputs(view.outputs as Record<string, unknown>) || jsonBlock(view);
  if (kind === 'crawl') {
    const pages = (result.pages ?? []) as Array<{ url: string; status: string; outputs?: Record<string, unknown>; error?: { code: string; message: string } }>;
    const header = `Crawled ${pages.length} page(s), status **${String(view.status)}**.`;
    const sections = pages.map((page) => `## ${page.url}\n\n${page.error ? `${page.error.code}: ${page.error.message}` : describeOutputs(page.outputs)}`);
    return [header, ...sections].join('\n\n');
  }
  if (kind === 'interact') return describeOutputs((result.outputs ?? result) as Record<string, unknown>) || jsonBlock(result);
  if (kind === 'map') {
    const urls = (result.urls ?? []) as Array<string | { url: string }>;
    return [`Found ${urls.length} URL(s).`, ...urls.map((entry) => `- ${typeof entry === 'string' ? entry : entry.url}`)].join('\n');
  }
  if (kind === 'search') {
    const results = (result.results ?? []) as Array<{ rank: number; title?: string; url: string; snippet?: string; outputs?: Record<string, unknown> }>;
    const header = `${results.length} result(s) from ${String(result.provider ?? 'the search provider')}.`;
    const items = results.map((item) => {
      const line = `${item.rank}. [${item.title ?? item.url}](${item.url})${item.snippet ? ` — ${item.snippet}` : ''}`;
      return item.outputs ? `${line}\n\n${describeOutputs(item.outputs)}` : line;
    });
    return [header, ...items].join('\n');
  }
  return jsonBlock(result);
}

/** Screenshots of a result as image content, read from this server's file store through their signed URLs. */
async function screenshots(value: unknown, deps: AppDeps, tenant: string): Promise<ImageContent[]> {
  const images: ImageContent[] = [];
  for (const url of screenshotUrls(value).slice(0, 5)) {
    const parsed = new URL(url);
    const match = /^\/v1\/files\/([^/]+)\/([^/]+)$/.exec(parsed.pathname);
    if (!match || match[1] !== tenant) continue;
    const file = deps.files.verify(
      match[1],
      match[2],
      parsed.searchParams.get('expires') ?? undefined,
      parsed.searchParams.get('sig') ?? undefined,
      deps.clock.now(),
    );
    if (file) images.push({ type: 'image', mimeType: 'image/png', data: (await readFile(file)).toString('base64') });
  }
  return images;
}

/** The YouTube tools, over the same schemas and client as /v1/youtube (query parameters as typed JSON values). */
function youtubeTools(): Tool[] {
  return [
    {
      name: 'youtube_search',
      title: 'YouTube search',
      description: `Search YouTube (videos, channels, playlists). Reads up to ${SYNC_MAX_PAGES} result pages; larger searches: youtube_search_crawl. Same as GET /v1/youtube/search.`,
      inputSchema: toJsonSchema(searchCrawlInputSchema),
      async call(args, { deps, signal }) {
        const query = validateInput(searchCrawlInputSchema, args);
        const plan = planSearch(query, { limit: SYNC_DEFAULT_LIMIT, maxPages: SYNC_MAX_PAGES }, 'youtube_search');
        const body = await searchYouTube(deps.services.youtube.client, query, plan, signal);
        return toolResult(jsonBlock(body.results ?? body, 8000), body);
      },
    },
    {
      name: 'youtube_search_crawl',
      title: 'YouTube search crawl',
      description: 'Search YouTube over many result pages as an async job; returns the job id. Same as POST /v1/youtube/search/crawl.',
      inputSchema: toJsonSchema(searchCrawlInputSchema),
      async call(args, { deps, tenant }) {
        const job = await new JobCalls(deps, tenant).submitValidated('youtube_search_crawl', validateInput(searchCrawlInputSchema, args));
        return toolResult(`Queued YouTube search crawl \`${String(job.job_id)}\`. Call get_job to follow it.`, job);
      },
    },
    {
      name: 'youtube_video',
      title: 'YouTube video',
      description: "A YouTube video's details (title, channel, views, description…). Same as GET /v1/youtube/videos/{video_id}.",
      inputSchema: queryToolSchema({ ...videoParamsSchema.shape, ...videoQuerySchema.shape }),
      async call(args, { deps, signal }) {
        const { video_id: videoId, ...rest } = queryArgs(args);
        validateInput(videoParamsSchema, { video_id: videoId });
        const query = validateInput(videoQuerySchema, rest);
        const { video } = await deps.services.youtube.client.watchPage(String(videoId), { language: query.language, country: query.country }, signal);
        return toolResult(jsonBlock(video, 8000), { video });
      },
    },
    {
      name: 'youtube_subtitles',
      title: 'YouTube subtitles',
      description: "A YouTube video's subtitles (creator or auto-generated). Same as GET /v1/youtube/subtitles.",
      inputSchema: queryToolSchema(subtitlesQuerySchema.shape),
      async call(args, { deps, signal }) {
        const body = await readSubtitles(deps.services.youtube.client, validateInput(subtitlesQuerySchema, queryArgs(args)), signal);
        return toolResult(jsonBlock(body, 8000), body);
      },
    },
  ];
}

/** A query-string schema as a tool input: each parameter typed by the value it carries (as in the OpenAPI document). */
function queryToolSchema(shape: Record<string, ZodType>): JsonSchema {
  const required = Object.entries(shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([name]) => name);
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(shape).map(([name, schema]) => [name, queryValueSchema(schema)])),
    required,
    additionalProperties: false,
  };
}

/** Typed tool arguments back to the text a query string carries, for the query schemas. */
function queryArgs(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args).map(([name, value]) => [name, typeof value === 'number' || typeof value === 'boolean' ? String(value) : value]),
  );
}
