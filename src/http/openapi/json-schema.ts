import { z, type ZodType } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** The marker of anything this server accepts beyond the hosted v1 API. */
export const EXTENSION = 'x-scrapio-extension';

/**
 * A zod schema as OpenAPI 3.1's JSON Schema (2020-12): what a client may send (io "input"); refinements the
 * JSON Schema cannot say (URL schemes, selector cost) stay server-side and become `invalid_request`s.
 */
export function toJsonSchema(schema: ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/**
 * The value a query parameter carries. Query strings are text, so the routes read numbers and booleans from
 * text (`"10"` → 10); the value is the pipe's output for numbers, `boolean` for the `"true"`/`"false"` enum.
 * MCP tools take their arguments typed so.
 */
export function queryValueSchema(schema: ZodType): JsonSchema {
  const input = toJsonSchema(schema);
  if (isBooleanText(input)) return { type: 'boolean' };
  const output = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  delete output.$schema;
  return output.type === 'number' || output.type === 'integer' ? output : input;
}

/**
 * A query parameter's schema in the OpenAPI document: the value it carries and, where the route's schema reads
 * that value from text itself (a digit string piped into a number, the `"true"`/`"false"` enum), the text too,
 * as the hosted spec writes such parameters (a string with a pattern, or `anyOf` value and string).
 */
export function queryParamSchema(schema: ZodType): JsonSchema {
  const input = toJsonSchema(schema);
  const value = queryValueSchema(schema);
  if (input.type !== 'string' || value.type === 'string') return value;
  // The boolean text as a pattern, written as the numbers' text forms are.
  return { anyOf: [value, isBooleanText(input) ? { type: 'string', pattern: '^(?:true|false)$' } : input] };
}

function isBooleanText(input: JsonSchema): boolean {
  return Array.isArray(input.enum) && input.enum.length === 2 && input.enum.includes('true') && input.enum.includes('false');
}

/**
 * Marks what `full` (this server's schema) accepts and `v1` (the same schema under compat.strict) does not:
 * properties become `x-scrapio-extension: true`, added enum values are listed in `x-scrapio-extension-values`.
 * Both come from the same zod source, so the walk pairs them by position (union branches) and by name.
 */
export function markExtensions(full: JsonSchema, v1: JsonSchema | undefined): JsonSchema {
  if (!v1) return { ...full, [EXTENSION]: true };
  const marked: JsonSchema = { ...full };
  const fullProps = full.properties as Record<string, JsonSchema> | undefined;
  const v1Props = (v1.properties ?? {}) as Record<string, JsonSchema>;
  if (fullProps) {
    marked.properties = Object.fromEntries(Object.entries(fullProps).map(([name, property]) => [name, markExtensions(property, v1Props[name])]));
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = full[key] as JsonSchema[] | undefined;
    if (branches) marked[key] = branches.map((branch, index) => markExtensions(branch, (v1[key] as JsonSchema[] | undefined)?.[index]));
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const inner = full[key];
    if (inner && typeof inner === 'object') marked[key] = markExtensions(inner as JsonSchema, (v1[key] as JsonSchema | undefined) ?? {});
  }
  if (Array.isArray(full.enum) && Array.isArray(v1.enum)) {
    const added = full.enum.filter((value) => !(v1.enum as unknown[]).includes(value));
    if (added.length > 0) marked[`${EXTENSION}-values`] = added;
  }
  return marked;
}
