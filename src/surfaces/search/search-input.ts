import { z } from 'zod';
import { extractSpec, outputList, timeoutMs, type SchemaOptions } from '../shared/common-input';

const EXT_PROVIDERS = ['duckduckgo', 'searxng', 'brave', 'local'] as const;

/** POST /v1/search and kind "search": the v1 SearchWorkflowRequest; EXT: provider may name a backend. */
export function searchInputSchema(options: SchemaOptions) {
  const max = options.config.limits.search.maxResults;
  return z
    .strictObject({
      query: z.string().min(1),
      provider: (options.strict ? z.enum(['google']) : z.enum(['google', ...EXT_PROVIDERS])).optional(),
      max_results: z
        .number()
        .int()
        .positive()
        .max(max, { message: `must be at most ${max} (config limits.search.maxResults)` })
        .optional(),
      fetch_results: z.boolean().optional(),
      output: outputList(options).optional(),
      extract: extractSpec(options).optional(),
      timeout_ms: timeoutMs(options).optional(),
    })
    .refine((input) => input.fetch_results === true || (input.output === undefined && input.extract === undefined), {
      message: 'output and extract need "fetch_results": true (they describe how each result page is fetched)',
      path: ['fetch_results'],
    });
}

export type SearchInput = z.infer<ReturnType<typeof searchInputSchema>>;
