import { ScrapioError } from '../../errors';
import type { FetchedDocument } from '../../extract/fetched-document';

/**
 * Tells a page Amazon refused to show apart from a page whose layout changed. The robot check (the
 * /errors/validateCaptcha form, "Sorry, we just need to make sure you're not a robot") and the 503 "dogs of
 * Amazon" page that says to discuss automated access are `target_blocked` (502, retryable, `blocked: true`).
 * A page that lacks the data for another reason is `extraction_failed` (422). Neither becomes an empty success.
 */
const BOT_CHECK_MARKERS: Array<[RegExp, string]> = [
  [/action="[^"]*\/errors\/validateCaptcha/i, 'its robot check (a CAPTCHA form)'],
  [/make sure you(?:&#39;|&#x27;|'|’)re not a robot/i, 'its robot check'],
  [/To discuss automated access to Amazon data/i, 'its automated-access notice'],
  [/api-services-support@amazon\.com/i, 'its automated-access notice'],
];

/** Throws for refusals and HTTP failures; returns the page's HTML otherwise. */
export function assertAmazonPage(document: FetchedDocument, what: string): string {
  const html = document.text ?? '';
  const refusal = botCheck(html);
  if (refusal) throw blocked(`${what}: Amazon answered with ${refusal} instead of the page.`);
  if (document.statusCode === 429 || document.statusCode === 503) {
    throw blocked(`${what}: Amazon answered HTTP ${document.statusCode}; raise amazon.perRequestDelayMs or retry later.`);
  }
  if (document.statusCode === 404) throw new ScrapioError('not_found', `${what}: Amazon answered 404 Not Found.`);
  if (document.statusCode >= 400) {
    throw new ScrapioError('target_unreachable', `${what}: Amazon answered HTTP ${document.statusCode}.`, { retryable: document.statusCode >= 500 });
  }
  return html;
}

function botCheck(html: string): string | undefined {
  return BOT_CHECK_MARKERS.find(([marker]) => marker.test(html))?.[1];
}

/** The error for a page without the elements a parser needs. */
export function layoutChanged(what: string, missing: string): ScrapioError {
  return new ScrapioError('extraction_failed', `${what}: ${missing} not found; Amazon's page layout may have changed.`);
}

function blocked(message: string): ScrapioError {
  return new ScrapioError('target_blocked', message, { blocked: true });
}
