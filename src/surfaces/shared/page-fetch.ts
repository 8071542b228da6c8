import type { Config } from '../../config/config-schema';
import type { PageProvider } from '../../engine/browser/browser-render';
import { renderPage } from '../../engine/browser/browser-render';
import type { HttpClient } from '../../engine/http/http-client';
import { ScrapioError } from '../../errors';
import type { FetchedDocument } from '../../extract/fetched-document';
import type { BuildOutputs, OutputName, OutputRequest } from '../../extract/types';
import { withSession, type SessionServices, type SessionSummary } from '../../sessions/session-use';
import type { PageRequest } from './page-request';
import type { JobContext, SurfaceResult } from '../surface';
import { indexPage, type PageIndexingServices } from './page-indexing';
import { storeScreenshot, type ScreenshotServices } from './screenshots';
import { assertUsableTargetStatus } from './target-status';
import { extractionDiagnostics, type StructuredExtractServices } from './structured-extract';

/** What fetching one page needs: used by fetch, and by search for each result page. */
export interface PageFetchServices extends ScreenshotServices, PageIndexingServices, SessionServices, StructuredExtractServices {
  config: Config;
  http: Pick<HttpClient, 'request'>;
  /** Chromium, launched on first use; a missing browser surfaces as 503 browser_unavailable then. */
  browser: PageProvider;
  buildOutputs: BuildOutputs;
}

/** The v1 price table (informational): 1 credit, +1 with a browser, +1 with extraction. */
export function fetchCredits(input: Pick<PageRequest, 'render_js' | 'extract' | 'output' | 'session'>): number {
  const usesBrowser = needsBrowser(input);
  const extracts = input.extract !== undefined || (input.output ?? []).includes('json');
  return 1 + (usesBrowser ? 1 : 0) + (extracts ? 1 : 0);
}

export function outputRequestOf(input: PageRequest): OutputRequest {
  return {
    output: (input.output ?? ['html']) as OutputName[],
    extract: input.extract,
    onlyMainContent: input.only_main_content,
    includeSelectors: input.include_selectors,
    excludeSelectors: input.exclude_selectors,
  };
}

/** Chromium is needed for rendering, for screenshots, and for sessions (cookies and localStorage live in it). */
export function needsBrowser(input: Pick<PageRequest, 'render_js' | 'output' | 'session'>): boolean {
  return input.render_js === true || (input.output ?? []).includes('screenshot') || input.session !== undefined;
}

/**
 * Fetches one page and builds its outputs: the fetch surface's run, also used by search for each result.
 * Plain HTTP unless the request needs the browser. Successful HTML pages go into the tenant's search index.
 */
export async function fetchPage(input: PageRequest, context: JobContext<PageFetchServices>): Promise<SurfaceResult> {
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
  const bundle =
    pageOutputs.length > 0 || request.extract
      ? await services.buildOutputs(document, { ...request, output: pageOutputs }, { signal, tenant: context.tenant })
      : { outputs: {}, failures: [] };
  const outputs: Record<string, unknown> = { ...bundle.outputs };
  if (screenshotPng) outputs.screenshot = { url: await storeScreenshot(context, screenshotPng) };
  if (Object.keys(outputs).length === 0 && bundle.failures.length > 0) {
    throw new ScrapioError('extraction_failed', bundle.failures.map((failure) => `${failure.output}: ${failure.message}`).join('; '));
  }
  if (bundle.indexable) await indexPage(context, document.finalUrl, bundle.indexable);
  const body: Record<string, unknown> = { outputs, usage: { credits: fetchCredits(input) } };
  const diagnostics: Record<string, unknown> = {
    ...(bundle.failures.length > 0 ? { outcome: 'partial', output_failures: bundle.failures } : {}),
    ...extractionDiagnostics(input.extract, bundle.structured),
  };
  if (Object.keys(diagnostics).length > 0) body.diagnostics = diagnostics;
  if (session) body.session = session;
  return { status: bundle.failures.length > 0 ? 'partial' : 'completed', body };
}
