import type { JsonSchema } from './schema-derivation';

/** Strings a model (or a page) writes for "no value". */
const EMPTY = new Set(['', 'null', 'none', 'n/a', 'na', 'unknown', 'not available', 'not specified', '-']);

/**
 * Brings an answer to the schema's declared scalar types where the intent is unambiguous, before validation:
 * "$1,299.00" → 1299 for a number, 42 → "42" for a string, "yes" → true for a boolean, "N/A" → null where null is
 * allowed; fields a closed object does not list are dropped. Anything else is left for the validator to report.
 */
export function coerceToSchema(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema || typeof schema !== 'object') return value;
  const types = declaredTypes(schema);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const result: Record<string, unknown> = {};
    // A field the schema closes out (additionalProperties: false) is dropped, not failed on: local models often add
    // one the caller did not ask for, and the caller asked for exactly the fields it named.
    const closed = schema.additionalProperties === false;
    for (const [key, field] of Object.entries(value)) {
      if (closed && !(key in properties)) continue;
      result[key] = coerceToSchema(field, properties[key]);
    }
    return result;
  }
  if (Array.isArray(value)) {
    if (types.length > 0 && !types.includes('array') && value.length === 1) return coerceToSchema(value[0], schema);
    return value.map((item) => coerceToSchema(item, schema.items as JsonSchema | undefined));
  }
  if (typeof value === 'string' && types.includes('null') && !types.includes('string') && EMPTY.has(value.trim().toLowerCase())) return null;
  if (types.includes('number') || types.includes('integer')) {
    const number = typeof value === 'string' ? parseNumber(value) : undefined;
    if (number !== undefined && (types.includes('number') || Number.isInteger(number))) return number;
  }
  if (types.includes('boolean') && typeof value === 'string') {
    const lowered = value.trim().toLowerCase();
    if (['true', 'yes', 'y'].includes(lowered)) return true;
    if (['false', 'no', 'n'].includes(lowered)) return false;
  }
  if (types.includes('string') && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  return value;
}

/** "$1,299.00", "EUR 12.50", "1 299", "4.5 out of 5" → the first number; undefined when there is none. */
export function parseNumber(text: string): number | undefined {
  const match = /-?\d[\d,\s]*(?:\.\d+)?/.exec(text.replace(/\u00a0/g, ' '));
  if (!match) return undefined;
  const number = Number(match[0].replace(/[,\s]/g, ''));
  return Number.isFinite(number) ? number : undefined;
}

function declaredTypes(schema: JsonSchema): string[] {
  const declared = schema.type;
  if (Array.isArray(declared)) return declared.filter((type): type is string => typeof type === 'string');
  return typeof declared === 'string' ? [declared] : [];
}
