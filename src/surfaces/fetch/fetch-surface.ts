import { renderPage } from '../../engine/browser/browser-render';
import type { FetchedDocument } from '../../extract/fetched-document';
import { ScrapioError } from '../../errors';
import { withSession, type SessionSummary } from '../../sessions/session-use';
import type { OutputName, OutputRequest } from '../../extract/types';
import type { IndexEntry } from '../../page-index/local-index';
import { fetchInputSchema, type FetchInput } from './fetch-input';
import type { JobContext, Surface, SurfaceResult } from '../surface';
import { assertUsableTargetStatus } from '../shared/target-status';

/** The v1 price table (informational): 1 credit, +1 with a browser, +1 with extraction. */
export function fetchCredits(input: Pick<FetchInput, 'render_js' | 'extract' | 'output' | 'session'>): number {
  const usesBrowser = needsBrowser(input);
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

/** Chromium is needed for rendering, for screenshots, and for sessions (cookies and localStorage live in it). */
export function needsBrowser(input: Pick<FetchInput, 'render_js' | 'output' | 'session'>): boolean {
  return input.render_js === true || (input.output ?? []).includes('screenshot') || input.session !== undefined;
}

/**
 * Fetches one page and builds its outputs: the fetch surface's run, also used by search for each result.
 * Plain HTTP unless the request needs the browser. Successful HTML pages go into the tenant's search index.
 */
export async function fetchPage(input: FetchInput, context: JobContext): Promise<SurfaceResult> {
  const request = outputRequestOf(input);
  const { services, signal } = context;
  const timeoutMs = input.timeout_ms ?? services.config.limits.defaultFetchTimeoutMs;
  let document: FetchedDocument;
  let screenshotPng: Buffer | undefined;
  let session: SessionSummary | undefined;
  if (needsBrowser(input)) {
    const rendered = await withSession(context, input.session, async (state) => {
      const result = await renderPage(services.browser, {
        url: input.url,
        device: input.device,
        waitForNetworkIdle: input.wait_for?.network_idle,
        timeoutMs,
        signal,
        screenshot: request.output.includes('screenshot') ? { fullPage: input.screenshot_options?.full_page ?? false } : undefined,
        blockResources: input.block_resources,
        headers: input.headers,
        session: state,
      });
      return { value: result, state: result.session };
    });
    ({ document, screenshotPng } = rendered.value);
    session = rendered.session;
  } else {
    document = await services.http.request({ url: input.url, headers: input.headers, timeoutMs, signal });
  }
  assertUsableTargetStatus(document);
  const pageOutputs = request.output.filter((name) => name !== 'screenshot');
  const bundle = pageOutputs.length > 0 || request.extract ? await services.buildOutputs(document, { ...request, output: pageOutputs }) : { outputs: {}, failures: [] };
  const outputs: Record<string, unknown> = { ...bundle.outputs };
  if (screenshotPng) outputs.screenshot = { url: await storeScreenshot(context, screenshotPng) };
  if (Object.keys(outputs).length === 0 && bundle.failures.length > 0) {
    throw new ScrapioError('extraction_failed', bundle.failures.map((failure) => `${failure.output}: ${failure.message}`).join('; '));
  }
  if (bundle.indexable) await indexPage(context, document.finalUrl, bundle.indexable);
  const body: Record<string, unknown> = { outputs, usage: { credits: fetchCredits(input) } };
  if (bundle.failures.length > 0) body.diagnostics = { outcome: 'partial', output_failures: bundle.failures };
  if (session) body.session = session;
  return { status: bundle.failures.length > 0 ? 'partial' : 'completed', body };
}

/** Saves a PNG in the data directory and returns its signed URL (valid as long as the job's results). */
export async function storeScreenshot(context: JobContext, png: Buffer): Promise<string> {
  const { files, clock } = context.services;
  const stored = await files.savePng(context.tenant, png, clock.now());
  return `${context.services.publicBaseUrl()}${files.signedPath(stored)}`;
}

/** Adds a page to the tenant's local search index; it expires with the job's results. */
export async function indexPage(context: JobContext, url: string, page: { title: string; text: string }): Promise<void> {
  const entry = searchIndexEntry(context, url, page);
  await context.services.localIndex.index(context.tenant, entry.page, entry.fetchedAt, entry.expiresAt);
}

/** A fetched page as the local search index keeps it: searchable as long as the job's result is kept. */
export function searchIndexEntry(context: JobContext, url: string, page: { title: string; text: string }): IndexEntry {
  const now = context.services.clock.now();
  return { page: { url, title: page.title, text: page.text }, fetchedAt: now, expiresAt: now + context.services.config.retention.resultTtlSeconds * 1000 };
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
