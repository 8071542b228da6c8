import { z } from 'zod';
import type { Config } from '../../config/config-schema';
import { isJsonSchema } from '../../extract/structured/schema-derivation';
import { costlySelectorReason, MAX_SELECTOR_LENGTH, MAX_SELECTORS } from '../../extract/dom/selector-cost';

/** Schema pieces shared by the surfaces' input schemas (mirroring the v1 spec, plus EXT fields). */

export interface SchemaOptions {
  /** compat.strict: only what the hosted v1 API accepts. */
  strict: boolean;
  config: Config;
}

export function schemaOptions(config: Config): SchemaOptions {
  return { strict: config.compat.strict, config };
}

/**
 * An absolute URL as the v1 spec's `format: uri`. The scheme is checked here (only http and https
 * can be fetched) so a `file:`/`data:`/`javascript:` URL is refused before any job exists.
 */
export const httpUrl = z.string().superRefine((value, ctx) => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be an absolute URL such as https://example.com/, got "${truncate(value)}"` });
    return;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `scheme "${parsed.protocol}" is not allowed: only http and https URLs can be fetched`, params: { scheme: true } });
  }
});

export const V1_OUTPUTS = ['html', 'markdown', 'json', 'screenshot'] as const;
export const EXT_OUTPUTS = ['text', 'links', 'metadata'] as const;

export function outputList(options: SchemaOptions, allowed: readonly string[] = V1_OUTPUTS) {
  const names = options.strict ? allowed : [...allowed, ...EXT_OUTPUTS];
  return z.array(z.enum(names as [string, ...string[]])).min(1);
}

/** A CSS selector run over the fetched page, within the server's cost bounds (extract/dom/selector-cost.ts). */
export const contentSelector = z
  .string()
  .min(1)
  .max(MAX_SELECTOR_LENGTH)
  .superRefine((selector, ctx) => {
    const reason = costlySelectorReason(selector);
    if (reason) ctx.addIssue({ code: 'custom', message: `"${truncate(selector)}" is refused: ${reason}` });
  });

/** include_selectors / exclude_selectors. */
export const contentSelectorList = z.array(contentSelector).max(MAX_SELECTORS);

const selectorField = z
  .strictObject({
    selector: contentSelector,
    type: z.enum(['text', 'html', 'attr']),
    attribute: z.string().min(1).optional(),
  })
  .refine((field) => field.type !== 'attr' || field.attribute !== undefined, {
    message: 'type "attr" needs an "attribute" name',
    path: ['attribute'],
  });

const v1ExtractModes = [
  z.strictObject({ mode: z.literal('page') }),
  z.strictObject({
    mode: z.literal('selectors'),
    fields: z.record(z.string(), selectorField).refine((fields) => Object.keys(fields).length <= MAX_SELECTORS, { message: `at most ${MAX_SELECTORS} fields` }),
  }),
] as const;

/**
 * EXT `schema`: v1's {field: description}, or a JSON Schema object (recognised by `type`/`properties`/`$schema`,
 * see schema-derivation.ts). Whether ajv can compile it is checked at request time by the surfaces' validate.
 */
const extSchema = z
  .record(z.string(), z.unknown())
  .refine((schema) => Object.values(schema).every((value) => typeof value === 'string') || isJsonSchema(schema), {
    message: 'must map field names to descriptions (strings), or be a JSON Schema object with "type": "object" and "properties"',
  });

/** `extract`: v1's four modes; unless compat.strict, EXT `engine` ("llm" | "heuristic") and a JSON Schema as `schema`. */
export function extractSpec(options: SchemaOptions) {
  if (options.strict) {
    return z.discriminatedUnion('mode', [
      ...v1ExtractModes,
      z.strictObject({ mode: z.literal('schema'), schema: z.record(z.string(), z.string()) }),
      z.strictObject({ mode: z.literal('instruction'), instruction: z.string().min(1) }),
    ]);
  }
  const engine = z.enum(['llm', 'heuristic']).optional();
  return z.discriminatedUnion('mode', [
    ...v1ExtractModes,
    z.strictObject({ mode: z.literal('schema'), schema: extSchema, engine }),
    z.strictObject({ mode: z.literal('instruction'), instruction: z.string().min(1), engine }),
  ]);
}

export const device = z.enum(['desktop', 'mobile', 'tablet']);

export const sessionRef = z.strictObject({ id: z.string().min(1).max(200) });

export function timeoutMs(options: SchemaOptions) {
  return z.number().int().positive().max(options.config.limits.timeoutMs);
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
