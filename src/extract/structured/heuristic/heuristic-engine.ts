import type { StructuredSource } from '../../types';
import type { StructuredResult } from '../llm-engine';
import { coerceToSchema, parseNumber } from '../coerce';
import type { DerivedSchema, FieldSpec, JsonSchema } from '../schema-derivation';
import { bestFact } from './field-matcher';
import type { PageFact } from './page-facts';

/**
 * The model-free engine: each requested field is filled from what the page states in structured form (JSON-LD,
 * microdata, RDFa lite, meta tags, <time>, label → value tables and lists), matched by name, synonyms and the
 * field's description. Nothing is guessed: a field nothing states is null and listed in unfilled_fields.
 */
export function extractWithHeuristics(derived: DerivedSchema, source: StructuredSource): StructuredResult {
  const json: Record<string, unknown> = {};
  const unfilled: string[] = [];
  const sources: Record<string, string> = {};
  const properties = (derived.jsonSchema.properties ?? {}) as Record<string, JsonSchema>;
  for (const field of derived.fields) {
    const match = field.type === 'object' ? undefined : bestFact(field, source.facts);
    const value = match ? valueFor(field, match.fact) : null;
    json[field.name] = value === null ? null : coerceToSchema(value, properties[field.name]);
    if (json[field.name] === null) unfilled.push(field.name);
    else if (match) sources[field.name] = `${match.fact.source}:${match.fact.key}`;
  }
  return { json, diagnostics: { engine: 'heuristic', ...(unfilled.length > 0 ? { unfilled_fields: unfilled } : {}), sources } };
}

/** The fact's value in the field's shape: lists for array fields, one joined string for text, a number for numbers. */
function valueFor(field: FieldSpec, fact: PageFact): unknown {
  const values = (Array.isArray(fact.value) ? fact.value : [fact.value]).map(readable);
  if (field.type === 'array') return values;
  if (field.type === 'number' || field.type === 'integer') {
    const number = typeof values[0] === 'number' ? values[0] : parseNumber(String(values[0]));
    return number ?? null;
  }
  if (field.type === 'boolean') return typeof values[0] === 'boolean' ? values[0] : null;
  if (values.length === 1) return values[0];
  // Several short values are alternative forms (recipeYield ["4", "4 servings"]): the first; several sentences (steps) are one text.
  return values.every((value) => String(value).length > 40) ? values.map(String).join('\n') : values[0];
}

/** "https://schema.org/InStock" → "InStock": the enumeration member is what the page means. */
function readable(value: string | number | boolean): string | number | boolean {
  if (typeof value !== 'string') return value;
  const member = /^https?:\/\/schema\.org\/([A-Za-z]+)$/.exec(value);
  return member ? member[1] : value;
}
