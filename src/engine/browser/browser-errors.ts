import { coerceError, isAbortError, ScrapioError } from '../../errors';

/** Puppeteer's wording when one CDP message got no answer within the launch's protocolTimeout. */
const PROTOCOL_TIMEOUT = /^(\S+) timed out\. Increase the 'protocolTimeout'/;
/** Chromium refuses a full-page screenshot beyond its largest surface. */
const PAGE_TOO_LARGE = /Page is too large/;
/** The page's renderer process died under it (out of memory, or a crash) while the browser lives on. */
const RENDERER_GONE = /Target crashed|Page crashed|Navigating frame was detached|Target closed|Session closed/i;

/**
 * Puppeteer's and Chromium's errors in the catalogue's terms, so none of them ends as a retried 500
 * internal_error. Each is the page's doing when the browser still answers (the pool checks that after a timeout
 * and reports a hung or dead Chromium as a retryable browser_unavailable instead): running it again would fail
 * the same way, so none is retryable.
 */
export function browserError(thrown: unknown): ScrapioError {
  if (thrown instanceof ScrapioError || isAbortError(thrown)) return coerceError(thrown);
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const protocolTimeout = PROTOCOL_TIMEOUT.exec(message);
  if (protocolTimeout) {
    return new ScrapioError(
      'timeout',
      `The page kept its renderer too busy to answer (${protocolTimeout[1]} got no answer within the browser's protocol timeout); it is not retried, it would do the same again.`,
      { timedOut: true, retryable: false, cause: thrown },
    );
  }
  if (PAGE_TOO_LARGE.test(message)) {
    return new ScrapioError(
      'extraction_failed',
      'The page is too large for a full-page screenshot (Chromium refuses it); ask for a screenshot of the viewport (screenshot_options.full_page: false) instead.',
      { cause: thrown },
    );
  }
  if (RENDERER_GONE.test(message)) return rendererCrashed(thrown);
  return coerceError(thrown);
}

/** The page's renderer died (Puppeteer's page 'error' event) while Chromium lives on. */
export function rendererCrashed(cause?: unknown): ScrapioError {
  return new ScrapioError(
    'extraction_failed',
    "The page crashed its renderer; a page whose scripts outgrow the renderer's memory (browser.rendererMaxHeapMb) ends like this, and would again.",
    { cause },
  );
}
