import type { ZodType } from 'zod';
import type { SchemaOptions } from '../../surfaces/shared/common-input';

/** A schema that depends on the server's options (compat.strict turns the EXT fields off). */
export type SchemaSource = ZodType | ((options: SchemaOptions) => ZodType);

/**
 * One operation of the API as the OpenAPI document shows it. Each references the zod schemas its route
 * validates with, so the document cannot drift from what the server accepts. A new route adds its
 * descriptors to a file under openapi/operations/ and lists that file once in operations.ts.
 */
export interface OperationSpec {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** The OpenAPI path, `{id}` for parameters. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  /** The JSON body (a closed object). Fields present only outside compat.strict are marked as extensions. */
  body?: SchemaSource;
  /** The query string, an object schema: one parameter per property. */
  query?: SchemaSource;
  /** Path parameters, an object schema whose properties are the `{name}`s of `path`. */
  params?: ZodType;
  /** No API key needed (the `security: []` of the operation). */
  public?: boolean;
  /** A route the hosted v1 API does not have. */
  extension?: boolean;
  /** Success responses: status → description (and the media type when not JSON). */
  responses: Record<string, string | { description: string; mediaType: string }>;
}
