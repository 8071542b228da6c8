import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Validates response bodies against the hosted API's own OpenAPI 3.1 spec (../shared/api beside the repo),
 * strictly: the spec's closed objects, enums and required fields apply as written, not a hand copy.
 */
const SPEC_PATH = process.env.SCRAPIO_SPEC_PATH ?? path.resolve(__dirname, '../../../shared/api/scrapio-openapi-v1.json');

let ajv: Ajv2020 | undefined;

function validator(): Ajv2020 {
  if (ajv) return ajv;
  const spec = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8')) as Record<string, unknown>;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'spec', components: spec.components }, 'spec');
  return ajv;
}

/** Throws with ajv's errors when `body` does not validate against components.schemas[name]. */
export function expectSpecValid(name: string, body: unknown): void {
  const validate = validator().getSchema(`spec#/components/schemas/${name}`);
  if (!validate) throw new Error(`No schema ${name} in ${SPEC_PATH}`);
  if (!validate(body)) {
    throw new Error(`Response does not match ${name}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}\nbody: ${JSON.stringify(body).slice(0, 1500)}`);
  }
}

/** Job status with `progress` removed: the one field API.md lets a v1 schema check tolerate on crawl/map status. */
export function withoutProgress(body: Record<string, unknown>): Record<string, unknown> {
  const { progress: _progress, ...rest } = body;
  return rest;
}

/**
 * The response schema the spec names for an operation and status (`GET`, `/v1/jobs/{id}`, 200 → JobResponse),
 * read from the spec's paths; an error status the operation does not list answers with its error schema.
 */
export function responseSchemaOf(method: string, pathTemplate: string, status: number): string {
  const spec = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
  };
  const operation = spec.paths[pathTemplate]?.[method.toLowerCase()];
  if (!operation) throw new Error(`The spec has no operation ${method} ${pathTemplate}`);
  const refOf = (code: string) => operation.responses[code]?.content?.['application/json']?.schema?.$ref?.replace('#/components/schemas/', '');
  const listed = refOf(String(status));
  if (listed) return listed;
  const errorCode = Object.keys(operation.responses).find((code) => Number(code) >= 400);
  if (status >= 400 && errorCode) return refOf(errorCode) ?? 'ErrorResponse';
  throw new Error(`The spec lists no ${status} answer for ${method} ${pathTemplate}`);
}
