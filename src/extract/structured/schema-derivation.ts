/** A JSON Schema as ajv and response_format take it. */
export type JsonSchema = Record<string, unknown>;

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'any';

/** One requested top-level field: its name, what the caller said about it, and the type that was read from that. */
export interface FieldSpec {
  name: string;
  description: string;
  type: FieldType;
}

export interface DerivedSchema {
  /** What answers are validated against (and what response_format json_schema sends). */
  jsonSchema: JsonSchema;
  fields: FieldSpec[];
  style: 'descriptions' | 'json-schema';
}

/** Words of a description that fix a field's type. Only explicit ones: "the currency of the price" stays a string. */
const TYPE_WORDS: Array<[FieldType, RegExp]> = [
  ['boolean', /\b(boolean|true\/false|true or false|yes\/no|whether)\b/i],
  ['array', /\b(list|array|every|all the|each of)\b/i],
  ['integer', /\b(integer|whole number|count)\b/i],
  ['number', /\b(number|numeric|decimal|float)\b/i],
];

/**
 * EXT: `schema` may be a real JSON Schema rather than v1's {field: description}. It is one when it says so: a
 * `type` or a `properties` object, or a `$schema`. (A v1 schema's values are all strings, so "type": "a string" is a field.)
 */
export function isJsonSchema(schema: Record<string, unknown>): boolean {
  if (Object.values(schema).every((value) => typeof value === 'string')) return false;
  const properties = schema.properties;
  return schema.type === 'object' || typeof schema.$schema === 'string' || (properties !== null && typeof properties === 'object');
}

/**
 * The JSON Schema an answer must satisfy. v1 descriptions become an object of required, nullable fields (a page that
 * does not state a value answers null, never a missing key), typed where the description says so; an EXT JSON Schema
 * is used as given.
 */
export function deriveSchema(schema: Record<string, unknown>): DerivedSchema {
  if (isJsonSchema(schema)) return fromJsonSchema(schema);
  const fields = Object.entries(schema).map(([name, description]) => ({
    name,
    description: String(description),
    type: typeFromDescription(String(description)),
  }));
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) properties[field.name] = { ...nullableType(field.type), description: field.description };
  return {
    jsonSchema: { type: 'object', properties, required: fields.map((field) => field.name), additionalProperties: false },
    fields,
    style: 'descriptions',
  };
}

/** An instruction has no schema: any JSON object is a valid answer. */
export const INSTRUCTION_SCHEMA: JsonSchema = { type: 'object' };

export function typeFromDescription(description: string): FieldType {
  for (const [type, pattern] of TYPE_WORDS) if (pattern.test(description)) return type;
  return 'string';
}

function nullableType(type: FieldType): JsonSchema {
  if (type === 'any') return {};
  if (type === 'array') return { type: ['array', 'null'], items: {} };
  return { type: [type, 'null'] };
}

function fromJsonSchema(schema: JsonSchema): DerivedSchema {
  const jsonSchema = schema.type === undefined ? { type: 'object', ...schema } : schema;
  const properties = (jsonSchema.properties ?? {}) as Record<string, JsonSchema>;
  const fields = Object.entries(properties).map(([name, property]) => ({
    name,
    description: typeof property?.description === 'string' ? property.description : '',
    type: fieldTypeOf(property),
  }));
  return { jsonSchema, fields, style: 'json-schema' };
}

function fieldTypeOf(property: JsonSchema | undefined): FieldType {
  const declared = property?.type;
  const first = Array.isArray(declared) ? declared.find((type) => type !== 'null') : declared;
  return typeof first === 'string' && ['string', 'number', 'integer', 'boolean', 'array', 'object'].includes(first) ? (first as FieldType) : 'any';
}
