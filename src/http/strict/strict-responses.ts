import type { RequestHandler } from 'express';
import { SchemaPruner, type SchemaDocument } from './schema-pruner';
import v1Responses from './v1-responses.json';

/** One v1 operation: its path as a pattern and its response schema names by HTTP status. */
interface Operation {
  method: string;
  pattern: RegExp;
  responses: Record<string, string>;
}

/** The search crawl jobs whose `result` is their site's closed search response (less request_id). */
const SITE_RESULT_SCHEMAS: Record<string, string> = {
  youtube_search_crawl: 'YouTubeSearchResponse',
  walmart_search_crawl: 'WalmartSearchResponse',
  amazon_search_crawl: 'AmazonSearchResponse',
};

interface ResponsesExtract {
  operations: Array<{ method: string; path: string; responses: Record<string, string> }>;
  schemas: Record<string, unknown>;
}

/**
 * Which v1 schema a response answers to, and the pruning itself: the operation is found by method and path
 * (`/v1/jobs/{id}` matches any one segment), then the schema by status. An error status the operation does
 * not list uses the operation's own error schema (ErrorResponse, or GoogleErrorResponse for Google), and an
 * error on a path the spec does not have uses ErrorResponse. A success on a path or status the spec does not
 * have (the EXT endpoints: the jobs list, webhooks secret, files) is left as it is: there is no v1 schema for it.
 */
export class StrictResponses {
  readonly #pruner: SchemaPruner;
  readonly #operations: Operation[];

  constructor(extract: ResponsesExtract = v1Responses as unknown as ResponsesExtract) {
    this.#pruner = new SchemaPruner({ components: { schemas: extract.schemas } } satisfies SchemaDocument);
    this.#operations = extract.operations.map((operation) => ({
      method: operation.method,
      pattern: new RegExp(`^${operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}$`),
      responses: operation.responses,
    }));
  }

  /** The v1 schema name for a response, if the spec has one. */
  schemaFor(method: string, path: string, status: number): string | undefined {
    const operation = this.#operations.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    const listed = operation?.responses[String(status)];
    if (listed) return listed;
    if (status < 400) return undefined;
    const errorSchema = operation && Object.entries(operation.responses).find(([code]) => Number(code) >= 400)?.[1];
    return errorSchema ?? 'ErrorResponse';
  }

  prune(method: string, path: string, status: number, body: unknown): unknown {
    const schema = this.schemaFor(method, path, status);
    if (!schema) return body;
    const pruned = this.#pruner.prune(schema, body);
    return schema === 'JobResultResponse' ? this.#pruneSiteResult(pruned) : pruned;
  }

  /**
   * JobResultResponse leaves `result` open, but the result of a site search crawl is that site's search
   * response (the hosted docs: "the same shape as the synchronous search"), whose schema is closed: pruned to
   * it, so the EXT `diagnostics.stopped` and paging `next` go too.
   */
  #pruneSiteResult(body: unknown): unknown {
    if (body === null || typeof body !== 'object') return body;
    const { job_type: kind, result } = body as { job_type?: string; result?: unknown };
    const schema = kind === undefined ? undefined : SITE_RESULT_SCHEMAS[kind];
    return schema && result !== undefined ? { ...body, result: this.#pruner.prune(schema, result) } : body;
  }
}

/**
 * compat.strict: every JSON response is pruned to its v1 schema before it is sent, so no response carries a
 * field the v1 spec lacks (`progress` on crawl and map job status, `request_id` where a schema has none, EXT
 * result fields). This is the one place that does it; the routes keep building their full answers. Headers
 * (X-Request-Id, Idempotent-Replayed, ...) are untouched: extra headers are allowed.
 */
export function strictResponses(strict: StrictResponses = new StrictResponses()): RequestHandler {
  return (req, res, next) => {
    const send = res.json.bind(res);
    res.json = (body: unknown) => send(strict.prune(req.method, req.originalUrl.split('?')[0], res.statusCode, body));
    next();
  };
}
