import type { HTTPResponse, Page } from 'puppeteer-core';
import { ScrapioError } from '../../errors';
import { browserError } from './browser-errors';
import { withTimeout } from './browser-timeout';
import type { FetchedDocument } from '../../extract/fetched-document';

/**
 * The page as it stands, in the HTTP engine's terms, so extraction does not care which engine fetched it. A
 * document over `maxBytes` (http.maxResponseBytes, as for the HTTP engine) fails before it is serialised: a
 * script can build a DOM of any size, and serialising it costs its size several times over in the renderer,
 * on the DevTools pipe and in this process.
 */
export async function readRenderedDocument(
  page: Page,
  requestedUrl: string,
  response: HTTPResponse | undefined,
  timeoutMs: number,
  maxBytes: number,
): Promise<FetchedDocument> {
  const deadline = Date.now() + timeoutMs;
  const atLeast = await withTimeout(page.evaluate(serialisedSizeAtLeast, maxBytes), timeoutMs, 'Measuring the rendered page').catch(rethrowMapped);
  if (atLeast > maxBytes) throw documentTooLarge(maxBytes);
  const html = await withTimeout(page.content(), Math.max(1, deadline - Date.now()), 'Reading the rendered page').catch(rethrowMapped);
  const body = Buffer.from(html, 'utf8');
  // The measure is a lower bound (markup and UTF-8 make the real thing larger): the bytes decide.
  if (body.length > maxBytes) throw documentTooLarge(maxBytes);
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
    body,
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
  const png = await withTimeout(page.screenshot({ type: 'png', fullPage }), timeoutMs, 'Taking a screenshot').catch(rethrowMapped);
  return Buffer.from(png);
}

function rethrowMapped(error: unknown): never {
  throw browserError(error);
}

function documentTooLarge(maxBytes: number): ScrapioError {
  return new ScrapioError(
    'extraction_failed',
    `The rendered document exceeds http.maxResponseBytes (${maxBytes} bytes); raise http.maxResponseBytes in scrapio.config.json to fetch larger documents.`,
  );
}

/**
 * Runs in the page: a lower bound of the serialised document's length (text, comments, tag and attribute names
 * and values; template contents included, as outerHTML writes them), without building the string. Stops as
 * soon as it passes `limit`. UTF-16 units, which never outnumber the UTF-8 bytes.
 */
function serialisedSizeAtLeast(limit: number): number {
  let size = 0;
  const roots: Node[] = [document];
  while (roots.length > 0 && size <= limit) {
    const walker = document.createTreeWalker(roots.pop()!, NodeFilter.SHOW_ALL);
    for (let node: Node | null = walker.currentNode; node && size <= limit; node = walker.nextNode()) {
      if (node instanceof Element) {
        size += 2 * node.localName.length + 5;
        for (const attribute of node.attributes) size += attribute.name.length + attribute.value.length + 4;
        if (node instanceof HTMLTemplateElement) roots.push(node.content);
      } else if (node instanceof CharacterData) {
        size += node.length;
      }
    }
  }
  return size;
}
