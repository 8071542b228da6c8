import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ScrapioError } from '../../errors';
import { canonicalJson } from '../../lib/canonical-json';
import type { JsonSchema } from './schema-derivation';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

/** Compiled validators by schema; a crawl validates every page against the same one. */
const compiled = new Map<string, ValidateFunction>();
const MAX_CACHED = 200;

/** The validator of a schema; a caller's JSON Schema that ajv cannot compile is a 400 at request time. */
export function validatorFor(schema: JsonSchema): ValidateFunction {
  const key = canonicalJson(schema);
  let validate = compiled.get(key);
  if (validate) return validate;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new ScrapioError('invalid_request', `extract.schema is not a usable JSON Schema: ${(error as Error).message}`);
  }
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, validate);
  return validate;
}

/** What is wrong with `value`, one line per problem (empty when it is valid). */
export function schemaProblems(schema: JsonSchema, value: unknown): string[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 20).map((error) => {
    const where = error.instancePath === '' ? 'the answer' : error.instancePath;
    const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : '';
    return `${where} ${error.message ?? 'is invalid'}${extra}`;
  });
}
