import type { ZodType } from 'zod';
import { z } from 'zod';
import type { Config } from '../../config/config-schema';
import { schemaOptions, type SchemaOptions } from '../../surfaces/shared/common-input';
import { VERSION } from '../../version';
import { EXTENSION, markExtensions, queryParamSchema, toJsonSchema, type JsonSchema } from './json-schema';
import type { OperationSpec, SchemaSource } from './operation';
import { OPERATIONS } from './operations';

/** The v1 error envelope (API.md §2), every non-2xx answer. */
const errorResponse = z.strictObject({
  request_id: z.string(),
  error: z.looseObject({ code: z.string().describe('A code of the error catalogue, e.g. invalid_request, url_not_allowed'), message: z.string() }),
});

/**
 * GET /openapi.json: OpenAPI 3.1 of everything this server accepts, built from the operations' zod schemas
 * with this server's options. What the hosted v1 API lacks (routes, fields, enum values) is marked
 * `x-scrapio-extension`, found by comparing each schema with itself under compat.strict.
 */
export function buildOpenApiDocument(config: Config, operations: OperationSpec[] = OPERATIONS): JsonSchema {
  const options = schemaOptions(config);
  const v1Options: SchemaOptions = { ...options, strict: true };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: describeOperation(operation, options, v1Options) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'scrapio-server',
      version: VERSION,
      description:
        'A self-hosted, wire-compatible implementation of the Scrapio web-data API. Everything marked `x-scrapio-extension` is accepted by this server but not by the hosted v1 API (and is refused when compat.strict is set).',
    },
    servers: [{ url: config.server.publicBaseUrl ?? '/' }],
    security: [{ bearerAuth: [] }],
    tags: ['Surfaces', 'Jobs', 'YouTube', 'Google', 'Amazon', 'Walmart', 'Monitors', 'Account', 'Server', 'Service'].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'API Key' } },
      schemas: { ErrorResponse: toJsonSchema(errorResponse) },
    },
  };
}

function describeOperation(operation: OperationSpec, options: SchemaOptions, v1Options: SchemaOptions): Record<string, unknown> {
  const described: Record<string, unknown> = { operationId: operation.operationId, summary: operation.summary, tags: operation.tags };
  if (operation.extension) described[EXTENSION] = true;
  if (operation.public) described.security = [];
  const parameters = [...objectParameters(operation.params, 'path', options, v1Options), ...objectParameters(operation.query, 'query', options, v1Options)];
  if (parameters.length > 0) described.parameters = parameters;
  if (operation.body) {
    const full = toJsonSchema(resolve(operation.body, options));
    const schema = operation.extension ? full : markExtensions(full, toJsonSchema(resolve(operation.body, v1Options)));
    described.requestBody = { required: true, content: { 'application/json': { schema } } };
  }
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    const { description, mediaType } = typeof response === 'string' ? { description: response, mediaType: 'application/json' } : response;
    responses[status] = { description, content: { [mediaType]: { schema: mediaType === 'application/json' ? { type: 'object' } : { type: 'string' } } } };
  }
  responses.default = {
    description: 'An error in the v1 envelope.',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
  };
  described.responses = responses;
  return described;
}

function resolve(source: SchemaSource, options: SchemaOptions): ZodType {
  return typeof source === 'function' ? source(options) : source;
}

/** An object schema's properties as OpenAPI parameters. */
function objectParameters(source: SchemaSource | undefined, location: 'path' | 'query', options: SchemaOptions, v1Options: SchemaOptions): JsonSchema[] {
  if (!source) return [];
  const shape = objectShape(resolve(source, options));
  const v1Shape = objectShape(resolve(source, v1Options));
  const required = new Set((toJsonSchema(resolve(source, options)).required as string[] | undefined) ?? []);
  return Object.entries(shape).map(([name, schema]) => {
    const parameter: JsonSchema = { name, in: location, required: location === 'path' || required.has(name), schema: queryParamSchema(schema) };
    if (!(name in v1Shape)) parameter[EXTENSION] = true;
    return parameter;
  });
}

/** The properties of an object schema, through refinements (`.refine` keeps the object's shape in zod 4). */
function objectShape(schema: ZodType): Record<string, ZodType> {
  const shape = (schema as unknown as { shape?: Record<string, ZodType> }).shape;
  if (!shape) throw new Error('OpenAPI parameters must come from an object schema');
  return shape;
}
