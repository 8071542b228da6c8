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

/** A header name is an RFC 9110 token. */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
/**
 * A header value: tab, visible ASCII and Latin-1 (RFC 9110 field-value). CR and LF would end the header and start
 * another, NUL and other controls are refused by HTTP servers; undici and Chromium fail on them, 500 otherwise.
 */
const headerValue = z.string().regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'must not contain CR, LF, NUL or other control characters, nor characters above U+00FF');

const extFields = {
  headers: z.record(headerName, headerValue).optional(),
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
