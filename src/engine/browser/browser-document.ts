import type { HTTPResponse, Page } from 'puppeteer-core';
import { withTimeout } from './browser-timeout';
import type { FetchedDocument } from '../../extract/fetched-document';

/** The page as it stands, in the HTTP engine's terms, so extraction does not care which engine fetched it. */
export async function readRenderedDocument(page: Page, requestedUrl: string, response: HTTPResponse | undefined, timeoutMs: number): Promise<FetchedDocument> {
  const html = await withTimeout(page.content(), timeoutMs, 'Reading the rendered page');
  const headers: Record<string, string> = {};
  // CDP joins repeated headers with newlines; FetchedDocument joins them with ", ".
  for (const [name, value] of Object.entries(response?.headers() ?? {})) headers[name] = value.split('\n').join(', ');
  return {
    requestedUrl,
    // The document's own URL: after redirects, script navigations and history.pushState.
    finalUrl: page.url(),
    statusCode: response?.status() ?? 200,
    headers,
    // What comes back is the DOM serialised by Chromium, whatever the target sent.
    contentType: 'text/html',
    body: Buffer.from(html, 'utf8'),
    text: html,
    redirects:
      response
        ?.request()
        .redirectChain()
        .map((request) => request.url()) ?? [],
  };
}

/** PNG of the viewport, or of the whole page. */
export async function takeScreenshot(page: Page, fullPage: boolean, timeoutMs: number): Promise<Buffer> {
  const png = await withTimeout(page.screenshot({ type: 'png', fullPage }), timeoutMs, 'Taking a screenshot');
  return Buffer.from(png);
}
