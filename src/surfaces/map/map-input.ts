import { z } from 'zod';
import { httpUrl, timeoutMs, type SchemaOptions } from '../shared/common-input';

/** POST /v1/map and kind "map": the v1 MapRequest with limits from config. */
export function mapInputSchema(options: SchemaOptions) {
  const { config } = options;
  return z.strictObject({
    seeds: z.array(httpUrl).min(1),
    max_urls: z
      .number()
      .int()
      .positive()
      .max(config.limits.map.maxUrls, { message: `must be at most ${config.limits.map.maxUrls} (config limits.map.maxUrls)` })
      .optional(),
    max_depth: z
      .number()
      .int()
      .min(0)
      .max(config.limits.crawl.maxDepth, { message: `must be at most ${config.limits.crawl.maxDepth} (config limits.crawl.maxDepth)` })
      .optional(),
    same_domain_only: z.boolean().optional(),
    include_metadata: z.boolean().optional(),
    timeout_ms: timeoutMs(options).optional(),
  });
}

export type MapInput = z.infer<ReturnType<typeof mapInputSchema>>;
