import { ScrapioError } from '../errors';
import type { OutputName, OutputRequest } from '../extract/types';
import { fetchInputSchema, type FetchInput } from './schemas/fetch-input';
import type { JobContext, Surface, SurfaceResult } from './surface';
import { assertUsableTargetStatus } from './target-status';

const BROWSER_PENDING =
  'render_js and screenshot need the browser engine, which this build does not include yet; use render_js: false for a plain HTTP fetch.';

/** The v1 price table (informational): 1 credit, +1 with a browser, +1 with extraction. */
export function fetchCredits(input: Pick<FetchInput, 'render_js' | 'extract' | 'output'>): number {
  const usesBrowser = input.render_js === true || (input.output ?? []).includes('screenshot');
  const extracts = input.extract !== undefined || (input.output ?? []).includes('json');
  return 1 + (usesBrowser ? 1 : 0) + (extracts ? 1 : 0);
}

export function outputRequestOf(input: FetchInput): OutputRequest {
  return {
    output: (input.output ?? ['html']) as OutputName[],
    extract: input.extract,
    onlyMainContent: input.only_main_content,
    includeSelectors: input.include_selectors,
    excludeSelectors: input.exclude_selectors,
  };
}

/**
 * Fetches one page and builds its outputs: the fetch surface's run, also used by search for each result.
 * Successful HTML pages go into the tenant's local search index.
 */
export async function fetchPage(input: FetchInput, context: JobContext): Promise<SurfaceResult> {
  const request = outputRequestOf(input);
  if (input.render_js === true || request.output.includes('screenshot')) {
    throw new ScrapioError('browser_unavailable', BROWSER_PENDING);
  }
  const { services, signal } = context;
  const document = await services.http.request({
    url: input.url,
    headers: input.headers,
    timeoutMs: input.timeout_ms ?? services.config.limits.defaultFetchTimeoutMs,
    signal,
  });
  assertUsableTargetStatus(document);
  const bundle = await services.buildOutputs(document, request);
  const produced = Object.keys(bundle.outputs).length;
  if (produced === 0 && bundle.failures.length > 0) {
    throw new ScrapioError('extraction_failed', bundle.failures.map((failure) => `${failure.output}: ${failure.message}`).join('; '));
  }
  if (bundle.indexable) await indexPage(context, document.finalUrl, bundle.indexable);
  const body: Record<string, unknown> = { outputs: bundle.outputs, usage: { credits: fetchCredits(input) } };
  if (bundle.failures.length > 0) body.diagnostics = { outcome: 'partial', output_failures: bundle.failures };
  return { status: bundle.failures.length > 0 ? 'partial' : 'completed', body };
}

/** Adds a page to the tenant's local search index; it expires with the job's results. */
export async function indexPage(context: JobContext, url: string, page: { title: string; text: string }): Promise<void> {
  const { services } = context;
  const now = services.clock.now();
  await services.localIndex.index(context.tenant, { url, title: page.title, text: page.text }, now, now + services.config.retention.resultTtlSeconds * 1000);
}

export const fetchSurface: Surface<FetchInput> = {
  kind: 'fetch',
  inputSchema: fetchInputSchema,
  validate(input, services) {
    // IP literals and schemes are refused before a job exists; hostnames are checked on their resolved address.
    services.policy.assertUrlAllowed(input.url);
  },
  defaultTimeoutMs: (config) => config.limits.defaultFetchTimeoutMs,

  run: fetchPage,

  async inlineView(result) {
    const { outputs, usage, diagnostics, session } = result.body;
    return { mode: 'inline', status: result.status, outputs, usage, ...(diagnostics ? { diagnostics } : {}), ...(session ? { session } : {}) };
  },

  async resultView(body) {
    if (!body) return { outputs: {} };
    return { outputs: body.outputs, ...(body.diagnostics ? { diagnostics: body.diagnostics } : {}) };
  },
};
