import type { ZodType } from 'zod';
import type { Config } from '../config/config-schema';
import type { Logger } from '../logger';
import type { SchemaOptions } from './shared/common-input';

/** What a job's run hands back: stored as the job's result and rendered by the surface's views. */
export interface SurfaceResult {
  status: 'completed' | 'partial';
  body: Record<string, unknown>;
}

/**
 * What the worker hands a running job. `services` is the surface's own narrow interface (e.g. FetchServices):
 * the composition root (main.ts) builds one object that satisfies every surface's, and only main.ts knows
 * the concrete classes behind it.
 */
export interface JobContext<Services = unknown> {
  jobId: string;
  tenant: string;
  attempt: number;
  /** Fires on timeout_ms, on cancel, and at forced shutdown. Pass it all the way down. */
  signal: AbortSignal;
  services: Services;
  logger: Logger;
  setProgress(completed: number, total: number): Promise<void>;
  /** Streams an event to the job's SSE subscribers (e.g. a crawl page as it lands). */
  publish(event: string, data: unknown): void;
}

/**
 * One surface of the API (fetch, crawl, map, interact, search, the YouTube search crawl): how its input is
 * validated, how it runs as a job, and how its stored result is shown inline and through the Jobs API.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the default lets tables hold surfaces of different inputs
export interface Surface<Input = any, Services = any> {
  kind: string;
  inputSchema(options: SchemaOptions): ZodType;
  /** Request-time checks the schema cannot express (they throw ScrapioError). */
  validate?(input: Input, services: Services): void;
  /** The work's own time budget when the request sets no timeout_ms. */
  defaultTimeoutMs(config: Config): number;
  run(input: Input, context: JobContext<Services>): Promise<SurfaceResult>;
  /** The inline 200 body, without request_id (added by the route). */
  inlineView(result: SurfaceResult, view: ViewContext<Services>): Promise<Record<string, unknown>>;
  /** The fields of GET /v1/jobs/{id}/result beyond request_id, job_id, job_type, status and mode. */
  resultView(body: Record<string, unknown> | undefined, view: ViewContext<Services>): Promise<Record<string, unknown>>;
}

/** What a view may read besides the stored body: the job, its stores (crawl pages), and result paging. */
export interface ViewContext<Services = unknown> {
  jobId: string;
  status: string;
  services: Services;
  /** EXT ?offset=&limit= on GET /v1/jobs/{id}/result: page the result's list (crawl pages). */
  paging?: { offset: number; limit: number };
  /** Builds the absolute URL of the next result page, when a view pages. */
  nextPageUrl?: (offset: number, limit: number) => string;
}
