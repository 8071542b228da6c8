import { z } from 'zod';
import { device, extractSpec, httpUrl, outputList, sessionRef, timeoutMs, type SchemaOptions } from '../shared/common-input';

const positive = z.number().int().positive();

const v1Actions = [
  z.strictObject({ type: z.literal('goto'), url: httpUrl.optional() }),
  z.strictObject({ type: z.literal('click'), selector: z.string().min(1) }),
  z.strictObject({ type: z.literal('type'), selector: z.string().min(1), value: z.string() }),
  z.strictObject({ type: z.literal('select'), selector: z.string().min(1), value: z.string() }),
  z.strictObject({ type: z.literal('press'), key: z.string().min(1), selector: z.string().min(1).optional() }),
  z.strictObject({
    type: z.literal('scroll'),
    selector: z.string().min(1).optional(),
    direction: z.enum(['down', 'up']).optional(),
    amount: positive.optional(),
  }),
  z.strictObject({ type: z.literal('wait_for'), selector: z.string().min(1) }),
  z.strictObject({ type: z.literal('wait_ms'), duration_ms: positive }),
] as const;

const extActions = [
  z.strictObject({ type: z.literal('screenshot'), full_page: z.boolean().optional() }),
  z.strictObject({ type: z.literal('evaluate'), script: z.string().min(1) }),
] as const;

const allActions = z.discriminatedUnion('type', [...v1Actions, ...extActions]);

function fullInteractSchema(options: SchemaOptions) {
  return z.strictObject({
    url: httpUrl,
    device: device.optional(),
    session: sessionRef.optional(),
    actions: z.array(allActions).min(1),
    output: outputList(options).optional(),
    extract: extractSpec(options).optional(),
    timeout_ms: timeoutMs(options).optional(),
  });
}

/** POST /v1/interact and kind "interact": the v1 InteractRequest; EXT actions screenshot and evaluate unless compat.strict. */
export function interactInputSchema(options: SchemaOptions) {
  const schema = fullInteractSchema(options);
  return options.strict ? schema.extend({ actions: z.array(z.discriminatedUnion('type', [...v1Actions])).min(1) }) : schema;
}

export type InteractInput = z.infer<ReturnType<typeof fullInteractSchema>>;
/** The v1 InteractRequest actions, plus the EXT `screenshot` and `evaluate` (API.md §5 interact). */
export type InteractAction = z.infer<typeof allActions>;
