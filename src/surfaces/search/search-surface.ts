import { isoTime } from '../../lib/iso-time';
import { fetchPage, type PageFetchServices } from '../shared/page-fetch';
import type { Surface, SurfaceResult } from '../surface';
import { assertExtractServable } from '../shared/structured-extract';
import type { SearchBackends } from './backends/backend-registry';
import { searchInputSchema, type SearchInput } from './search-input';
import { runSearch } from './search-runner';

export interface SearchServices extends PageFetchServices {
  searchBackends: SearchBackends;
}

const DEFAULT_MAX_RESULTS = 5;

/**
 * Search: the backend that `provider` names (v1 "google" is served by config search.googleBackend and the
 * response still says "google"), ranked 1..n; with fetch_results, each result page goes through fetch.
 */
export const searchSurface: Surface<SearchInput, SearchServices> = {
  kind: 'search',
  inputSchema: searchInputSchema,
  validate(input, services) {
    assertExtractServable(input.extract, services);
  },
  defaultTimeoutMs: (config) => config.limits.timeoutMs,

  async run(input, context): Promise<SurfaceResult> {
    const { services, signal } = context;
    const startedAt = services.clock.now();
    const run = await runSearch(
      {
        query: input.query,
        provider: input.provider,
        maxResults: input.max_results ?? Math.min(DEFAULT_MAX_RESULTS, services.config.limits.search.maxResults),
        fetchResults: input.fetch_results ?? false,
        fetchOne: async (url) => {
          const fetched = await fetchPage({ url, output: input.output ?? ['markdown'], extract: input.extract }, context);
          return { outputs: fetched.body.outputs as Record<string, unknown>, status: fetched.status };
        },
      },
      { backends: services.searchBackends, googleBackend: services.config.search.googleBackend, tenant: context.tenant, signal },
    );
    const failed = run.results.filter((item) => item.status === 'failed');
    return {
      status: run.partial ? 'partial' : 'completed',
      body: {
        query: input.query,
        provider: input.provider ?? 'google',
        results: run.results,
        steps: [{ step_id: 'step_1', type: 'search', status: 'completed', started_at: isoTime(startedAt), completed_at: isoTime(services.clock.now()) }],
        step_errors: failed.map((item) => ({ step_id: 'step_1', code: item.error?.code ?? 'failed', message: item.error?.message ?? '', url: item.url })),
      },
    };
  },

  async inlineView(result, view) {
    const { steps, step_errors: stepErrors, ...searchResult } = result.body;
    return { id: view.jobId, kind: 'search', mode: 'inline', status: result.status, steps, result: searchResult, diagnostics: { step_errors: stepErrors } };
  },

  async resultView(body) {
    if (!body) return { result: {} };
    const { step_errors: stepErrors, ...rest } = body;
    return { result: { ...rest, diagnostics: { step_errors: stepErrors } } };
  },
};
