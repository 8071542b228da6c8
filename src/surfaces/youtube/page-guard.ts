import { ScrapioError } from '../../errors';
import type { FetchedDocument } from '../../extract/fetched-document';

/**
 * Tells a page YouTube refused to show apart from a page whose layout changed. An interstitial (the EU
 * consent page, the "unusual traffic" /sorry/ page, a bot check) is `target_blocked`: retryable, and the
 * client can see `blocked: true`. Everything else that lacks the data is `extraction_failed`. Neither is
 * ever turned into an empty success.
 */
const CONSENT_HOSTS = /(^|\.)consent\.(youtube|google)\.com$/i;
const INTERSTITIAL_MARKERS: Array<[RegExp, string]> = [
  [/action="https:\/\/consent\.(?:youtube|google)\.com\/save"/i, 'a cookie-consent page'],
  [/Before you continue to YouTube/i, 'a cookie-consent page'],
  [/\/sorry\/index|unusual traffic from your computer network/i, 'an "unusual traffic" captcha page'],
  [/Sign in to confirm (?:you(?:&#39;|')re|that you(?:&#39;|')re) not a bot/i, 'a bot check'],
];

/** Throws for HTTP failures and interstitials; returns the page text otherwise. */
export function assertYouTubePage(document: FetchedDocument, what: string): string {
  if (isConsentUrl(document.finalUrl)) {
    throw blocked(`${what}: YouTube redirected to its cookie-consent page (${document.finalUrl}) instead of answering.`);
  }
  if (document.statusCode === 429) {
    throw blocked(`${what}: YouTube answered 429 Too Many Requests; raise youtube.perRequestDelayMs or retry later.`);
  }
  if (document.statusCode === 404) {
    throw new ScrapioError('not_found', `${what}: YouTube answered 404 Not Found.`);
  }
  if (document.statusCode >= 400) {
    throw new ScrapioError('target_unreachable', `${what}: YouTube answered HTTP ${document.statusCode}.`, { retryable: document.statusCode >= 500 });
  }
  return document.text ?? '';
}

/** An HTML page that has no embedded data: an interstitial (blocked) or a layout this parser does not know. */
export function missingDataError(html: string, what: string, missing: string): ScrapioError {
  for (const [marker, description] of INTERSTITIAL_MARKERS) {
    if (marker.test(html)) return blocked(`${what}: YouTube showed ${description} instead of the page.`);
  }
  if (/<form[^>]+action="[^"]*consent[^"]*"/i.test(html)) return blocked(`${what}: YouTube showed a consent form instead of the page.`);
  return new ScrapioError('extraction_failed', `${what}: ${missing} not found; YouTube's page layout may have changed.`);
}

function blocked(message: string): ScrapioError {
  return new ScrapioError('target_blocked', message, { blocked: true });
}

/** consent.youtube.com / consent.google.com: where YouTube sends EU visitors without a consent cookie. */
export function isConsentUrl(url: string): boolean {
  return CONSENT_HOSTS.test(safeHost(url) ?? '');
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
