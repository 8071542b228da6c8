import { z } from 'zod';
import { device, extractSpec, httpUrl, outputList, sessionRef, timeoutMs, type SchemaOptions } from '../shared/common-input';

/** POST /v1/fetch and kind "fetch": the v1 FetchRequest, plus EXT fields unless compat.strict. */
export function fetchInputSchema(options: SchemaOptions) {
  const v1 = {
    url: httpUrl,
    render_js: z.boolean().optional(),
    device: device.optional(),
    session: sessionRef.optional(),
    output: outputList(options).optional(),
    extract: extractSpec.optional(),
    wait_for: z.strictObject({ network_idle: z.boolean().optional() }).optional(),
    timeout_ms: timeoutMs(options).optional(),
  };
  if (options.strict) return z.strictObject(v1);
  return z.strictObject({
    ...v1,
    headers: z.record(z.string(), z.string()).optional(),
    only_main_content: z.boolean().optional(),
    include_selectors: z.array(z.string().min(1)).optional(),
    exclude_selectors: z.array(z.string().min(1)).optional(),
    block_resources: z.array(z.enum(['images', 'media', 'fonts', 'stylesheets'])).optional(),
    screenshot_options: z.strictObject({ full_page: z.boolean().optional() }).optional(),
  });
}

export type FetchInput = z.infer<ReturnType<typeof fetchInputSchema>> & {
  headers?: Record<string, string>;
  only_main_content?: boolean;
  include_selectors?: string[];
  exclude_selectors?: string[];
  block_resources?: Array<'images' | 'media' | 'fonts' | 'stylesheets'>;
  screenshot_options?: { full_page?: boolean };
};
