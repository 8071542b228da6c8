import { ScrapioError } from '../../errors';
import type { FetchedDocument } from '../../extract/fetched-document';

/**
 * Tells a page Walmart refused to show apart from a page whose layout changed. Walmart's bot defence
 * (PerimeterX) answers with a "Robot or human?" page, usually after a redirect to /blocked?url=...; that is
 * `target_blocked` (502, retryable, `blocked: true`). A page without the embedded data is `extraction_failed`.
 * Neither is ever turned into an empty success.
 */
const BOT_CHECK_MARKERS: RegExp[] = [/Robot or human\?/i, /id="px-captcha"/i, /Activate and hold the button to confirm that you(?:&#x27;|&#39;|')re human/i];

export function isBlockedUrl(url: string): boolean {
  try {
    return /^\/blocked\/?$/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** Throws for HTTP failures and bot checks; returns the page text otherwise. */
export function assertWalmartPage(document: FetchedDocument, what: string): string {
  const html = document.text ?? '';
  if (isBlockedUrl(document.finalUrl) || BOT_CHECK_MARKERS.some((marker) => marker.test(html))) {
    throw blocked(`${what}: Walmart showed its "Robot or human?" bot check instead of the page; retry later or from another address.`);
  }
  if (document.statusCode === 429) throw blocked(`${what}: Walmart answered 429 Too Many Requests; raise walmart.perRequestDelayMs or retry later.`);
  if (document.statusCode === 404) throw new ScrapioError('not_found', `${what}: Walmart answered 404 Not Found.`);
  if (document.statusCode >= 400) {
    throw new ScrapioError('target_unreachable', `${what}: Walmart answered HTTP ${document.statusCode}.`, { retryable: document.statusCode >= 500 });
  }
  return html;
}

export function layoutChanged(what: string, missing: string): ScrapioError {
  return new ScrapioError('extraction_failed', `${what}: ${missing} not found; Walmart's page layout may have changed.`);
}

function blocked(message: string): ScrapioError {
  return new ScrapioError('target_blocked', message, { blocked: true });
}
