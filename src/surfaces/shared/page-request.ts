import { z } from 'zod';
import { contentSelectorList, device, extractSpec, httpUrl, outputList, sessionRef, timeoutMs, type SchemaOptions } from './common-input';

function v1Fields(options: SchemaOptions) {
  return {
    url: httpUrl,
    render_js: z.boolean().optional(),
    device: device.optional(),
    session: sessionRef.optional(),
    output: outputList(options).optional(),
    extract: extractSpec(options).optional(),
    wait_for: z.strictObject({ network_idle: z.boolean().optional() }).optional(),
    timeout_ms: timeoutMs(options).optional(),
  };
}

const extFields = {
  headers: z.record(z.string(), z.string()).optional(),
  only_main_content: z.boolean().optional(),
  include_selectors: contentSelectorList.optional(),
  exclude_selectors: contentSelectorList.optional(),
  block_resources: z.array(z.enum(['images', 'media', 'fonts', 'stylesheets'])).optional(),
  screenshot_options: z.strictObject({ full_page: z.boolean().optional() }).optional(),
};

/** Every field this server accepts: the v1 FetchRequest plus the EXT fields. */
function fullPageRequestSchema(options: SchemaOptions) {
  return z.strictObject({ ...v1Fields(options), ...extFields });
}

/** One page to fetch: the v1 FetchRequest (POST /v1/fetch), plus EXT fields unless compat.strict. Search fetches each result with it too. */
export function pageRequestSchema(options: SchemaOptions) {
  return options.strict ? z.strictObject(v1Fields(options)) : fullPageRequestSchema(options);
}

export type PageRequest = z.infer<ReturnType<typeof fullPageRequestSchema>>;
