import type { HTTPRequest, Page, ResourceType } from 'puppeteer-core';
import { recordHeaderRefusal, scopeCallerHeaders } from './browser-caller-headers';
import { answerThroughExchange, type BrowserExchange } from './browser-recorded-requests';
import { BROWSER_CALL_TIMEOUT_MS, withTimeout } from './browser-timeout';

/** EXT `block_resources` values. */
export type BlockableResource = 'images' | 'media' | 'fonts' | 'stylesheets';

const RESOURCE_TYPES: Record<BlockableResource, ResourceType> = {
  images: 'image',
  media: 'media',
  fonts: 'font',
  stylesheets: 'stylesheet',
};

/** Documents (frames, navigations) may only be web pages; `data:` stays fine for images and the like. */
const DOCUMENT_SCHEMES = new Set(['http:', 'https:', 'about:', 'blob:']);
const SUBRESOURCE_SCHEMES = new Set(['http:', 'https:', 'data:', 'blob:']);

/**
 * In-page half of the network policy: the proxy sees only what goes over the network, so `file:`,
 * `chrome:` and `data:` documents (a data: iframe, a script navigating to file:) are stopped here.
 * The caller's headers are added here too, to the target's own requests only (browser-caller-headers.ts).
 * Under record/replay, the allowed http(s) requests are answered through `exchange` (browser-recorded-requests.ts).
 */
export async function guardRequests(
  page: Page,
  blockResources: readonly BlockableResource[] = [],
  callerHeaders: Readonly<Record<string, string>> = {},
  exchange?: BrowserExchange,
): Promise<void> {
  const blockedTypes = new Set(blockResources.map((name) => RESOURCE_TYPES[name]));
  // Interception never pauses data: URLs (Puppeteer's abort is a no-op for them), so a data: document is
  // stopped from inside before its parser runs: no script of it executes and nothing it references loads.
  await withTimeout(
    page.evaluateOnNewDocument(() => {
      if (location.protocol === 'data:') window.stop();
    }),
    BROWSER_CALL_TIMEOUT_MS,
    'Guarding data: documents',
  );
  await withTimeout(page.setRequestInterception(true), BROWSER_CALL_TIMEOUT_MS, 'Enabling request interception');
  page.on('request', (request: HTTPRequest) => {
    const allowed = isAllowed(request, blockedTypes);
    const headers = allowed && Object.keys(callerHeaders).length > 0 ? scopeCallerHeaders(page, request, callerHeaders) : undefined;
    if (allowed && exchange && /^https?:/i.test(request.url())) {
      answerThroughExchange(page, request, exchange, headers ?? request.headers());
      return;
    }
    // Never throw from here: a rejected continue/abort on a closing page is routine. Puppeteer rethrows only a
    // refused header (the request is then still paused): it is failed at once instead of hanging.
    (allowed ? request.continue(headers && { headers }) : request.abort('blockedbyclient')).catch((error: unknown) => {
      if (!headers || !/Invalid header|Unsafe header/.test(String(error))) return;
      recordHeaderRefusal(page, error instanceof Error ? error.message : String(error));
      request.abort('failed').catch(() => undefined);
    });
  });
}

function isAllowed(request: HTTPRequest, blockedTypes: ReadonlySet<ResourceType>): boolean {
  const scheme = schemeOf(request.url());
  const document = request.isNavigationRequest() || request.resourceType() === 'document';
  if (!(document ? DOCUMENT_SCHEMES : SUBRESOURCE_SCHEMES).has(scheme)) return false;
  return !blockedTypes.has(request.resourceType());
}

function schemeOf(url: string): string {
  const colon = url.indexOf(':');
  return colon < 0 ? '' : url.slice(0, colon + 1).toLowerCase();
}
