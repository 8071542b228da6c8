import type { Page } from 'puppeteer-core';
import { assertBrowserCanSend } from './browser-caller-headers';
import { type BlockableResource, guardRequests } from './browser-request-guard';
import type { BrowserExchange } from './browser-recorded-requests';
import { BROWSER_CALL_TIMEOUT_MS, withTimeout } from './browser-timeout';
import { removeWebRtc } from './browser-webrtc-guard';
import { DEVICES, type DeviceName } from './devices';
import { restoreSessionState, type SessionState } from './session-state';

export interface PageOptions {
  /** Aborts navigation and closes the page (job timeout or cancellation). */
  signal?: AbortSignal;
  device?: DeviceName;
  blockResources?: BlockableResource[];
  /** The caller's request headers: sent to the target's origin only (see browser-caller-headers.ts). */
  headers?: Record<string, string>;
  session?: SessionState;
  /** Overrides the device's user agent. */
  userAgent?: string;
  /**
   * Keeps Chromium's HTTP cache on although requests are intercepted (Puppeteer turns it off then): a tab that
   * serves many pages of one site (a crawl's lease) then loads its stylesheets and scripts once.
   */
  keepHttpCache?: boolean;
}

/** Everything a job's page needs before its first navigation. */
export async function setUpPage(page: Page, options: PageOptions, browserUserAgent: string, exchange?: BrowserExchange): Promise<void> {
  if (options.headers) assertBrowserCanSend(options.headers);
  const device = DEVICES[options.device ?? 'desktop'];
  await withTimeout(page.setViewport(device.viewport), BROWSER_CALL_TIMEOUT_MS, 'Setting the viewport');
  const userAgent = options.userAgent ?? device.userAgent ?? browserUserAgent.replace('HeadlessChrome/', 'Chrome/');
  await withTimeout(page.setUserAgent({ userAgent }), BROWSER_CALL_TIMEOUT_MS, 'Setting the user agent');
  await guardRequests(page, options.blockResources, options.headers, exchange);
  await removeWebRtc(page);
  if (options.keepHttpCache) {
    await withTimeout(page.setCacheEnabled(true), BROWSER_CALL_TIMEOUT_MS, 'Enabling the HTTP cache');
    // A service worker registered by one page would answer the next pages' requests past the request guard.
    await withTimeout(page.setBypassServiceWorker(true), BROWSER_CALL_TIMEOUT_MS, 'Bypassing service workers');
  }
  if (options.session) await restoreSessionState(page, options.session);
}
