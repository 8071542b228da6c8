import type { Page } from 'puppeteer-core';
import type { EgressFailure } from '../network/egress-proxy';

/** What the work on a page needs from the pool, without reaching into it. */
export interface PageJob {
  /**
   * Fires when the job is aborted, Chromium dies or the pool closes: pass it to every Puppeteer wait
   * (goto, waitForSelector, locators) so none outlives the page with its own timer.
   */
  readonly signal: AbortSignal;
  /** Throws `url_not_allowed` for a scheme or literal address the policy refuses. */
  assertUrlAllowed(url: string): URL;
  /** Largest rendered document to read (config http.maxResponseBytes, as for the HTTP engine). */
  readonly maxDocumentBytes: number;
  /** Why the proxy last failed to reach this URL's host and port, if it did. */
  egressFailure(url: string): EgressFailure | undefined;
}

export type PageWork<T> = (page: Page, job: PageJob) => Promise<T>;
