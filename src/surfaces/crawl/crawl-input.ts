import { z } from 'zod';
import { extractSpec, httpUrl, outputList, timeoutMs, type SchemaOptions } from '../shared/common-input';

function v1Fields(options: SchemaOptions) {
  const limits = options.config.limits.crawl;
  return {
    seeds: z.array(httpUrl).min(1),
    max_pages: z
      .number()
      .int()
      .positive()
      .max(limits.maxPages, { message: `must be at most ${limits.maxPages} (config limits.crawl.maxPages)` })
      .optional(),
    max_depth: z
      .number()
      .int()
      .min(0)
      .max(limits.maxDepth, { message: `must be at most ${limits.maxDepth} (config limits.crawl.maxDepth)` })
      .optional(),
    same_domain_only: z.boolean().optional(),
    output: outputList(options, ['html', 'markdown', 'json']).optional(),
    extract: extractSpec(options).optional(),
    timeout_ms: timeoutMs(options).optional(),
  };
}

const extFields = {
  render_js: z.boolean().optional(),
  include_paths: z.array(z.string().min(1)).optional(),
  exclude_paths: z.array(z.string().min(1)).optional(),
  use_sitemap: z.boolean().optional(),
  ignore_robots: z.boolean().optional(),
};

function fullCrawlSchema(options: SchemaOptions) {
  return z.strictObject({ ...v1Fields(options), ...extFields });
}

/** POST /v1/crawl and kind "crawl": the v1 CrawlRequest with limits from config, plus EXT fields unless compat.strict. */
export function crawlInputSchema(options: SchemaOptions) {
  return options.strict ? z.strictObject(v1Fields(options)) : fullCrawlSchema(options);
}

export type CrawlInput = z.infer<ReturnType<typeof fullCrawlSchema>>;
