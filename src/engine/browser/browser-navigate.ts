import type { HTTPResponse, Page, PuppeteerLifeCycleEvent } from 'puppeteer-core';
import { coerceError, isAbortError, ScrapioError } from '../../errors';
import type { PageJob } from './browser-pool';
import { headerRefusal, setHeaderTarget } from './browser-caller-headers';
import type { MainDocumentWatch } from './browser-main-document';
import { clearDocumentFailure, takeDocumentFailure } from './browser-recorded-requests';
import { EGRESS_HEADER, type EgressFailure } from '../network/egress-proxy';

export interface NavigateOptions {
  timeoutMs: number;
  /** 'load' by default; 'networkidle0' for `wait_for.network_idle`. */
  waitUntil?: PuppeteerLifeCycleEvent;
}

/** Chromium's own refusals: a policy matter, not an unreachable target. */
const REFUSED_BY_CHROMIUM = new Set(['net::ERR_BLOCKED_BY_CLIENT', 'net::ERR_UNSAFE_PORT', 'net::ERR_UNSAFE_REDIRECT']);

/**
 * page.goto with the policy checked first and every failure turned into the catalogue's terms:
 * a proxy refusal → url_not_allowed, DNS/refused/TLS → target_unreachable, too slow → timeout.
 */
export async function navigate(page: Page, job: PageJob, url: string, options: NavigateOptions): Promise<HTTPResponse | null> {
  job.assertUrlAllowed(url);
  setHeaderTarget(page, url);
  clearDocumentFailure(page);
  let response: HTTPResponse | null;
  try {
    response = await page.goto(url, { waitUntil: options.waitUntil ?? 'load', timeout: Math.max(1, options.timeoutMs), signal: job.signal });
  } catch (error) {
    throw headerRefusal(page) ?? takeDocumentFailure(page) ?? navigationError(job, url, error, options.timeoutMs);
  }
  if (response) assertNotEgressAnswer(response, url);
  return response;
}

/**
 * After the page settled: fails when a script took the main frame to a refused or unreachable address
 * (the proxy's answer or Chromium's error page is what the page now shows).
 */
export function assertDocumentReachable(page: Page, watch: MainDocumentWatch, job: PageJob): void {
  if (watch.response) assertNotEgressAnswer(watch.response, page.url());
  if (page.url().startsWith('chrome-error:') && watch.failure) {
    throw takeDocumentFailure(page) ?? networkError(job, watch.failure.url, watch.failure.errorText);
  }
}

/** Maps a Puppeteer navigation error (goto, reload, waitForNavigation). */
export function navigationError(job: PageJob, url: string, error: unknown, timeoutMs: number): ScrapioError {
  if (error instanceof ScrapioError) return error;
  if (isAbortError(error)) {
    return new ScrapioError('timeout', `Navigation to ${url} did not finish within ${timeoutMs} ms.`, { timedOut: true, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  const netError = /net::ERR_[A-Z_]+/.exec(message)?.[0];
  // Puppeteer names the URL it was asked for; with redirects the failing hop may be another one.
  const failedUrl = / at (\S+)$/.exec(message)?.[1] ?? url;
  return netError ? networkError(job, failedUrl, netError, error) : coerceError(error);
}

function networkError(job: PageJob, url: string, netError: string, cause?: unknown): ScrapioError {
  if (REFUSED_BY_CHROMIUM.has(netError)) {
    return new ScrapioError('url_not_allowed', `URL not allowed: ${url} was refused by the browser (${netError}).`, { cause });
  }
  // Every failed CONNECT looks the same to Chromium; the proxy remembers whether it refused or could not connect.
  const egress = netError === 'net::ERR_TUNNEL_CONNECTION_FAILED' ? job.egressFailure(url) : undefined;
  if (egress) return egressError(url, egress);
  return new ScrapioError('target_unreachable', `Could not load ${url}: ${netError}.`, { cause });
}

function assertNotEgressAnswer(response: HTTPResponse, url: string): void {
  // Only plain-http answers can come from the proxy itself (it strips this header from upstream answers;
  // an https answer is end-to-end from the target, which cannot be trusted to tell us anything).
  if (!response.url().startsWith('http:')) return;
  const headers = response.headers();
  const kind = headers[EGRESS_HEADER];
  if (kind !== 'refused' && kind !== 'unreachable') return;
  throw egressError(response.url() || url, { kind, reason: headers[`${EGRESS_HEADER}-reason`] ?? kind });
}

function egressError(url: string, failure: EgressFailure): ScrapioError {
  if (failure.kind === 'refused') {
    const target = new URL(url);
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    return new ScrapioError(
      'url_not_allowed',
      `URL not allowed: ${url} is refused by the network policy (rule: ${failure.reason}; SSRF protection). ` +
        `To fetch it anyway, add "${target.hostname}:${port}" to network.allow in scrapio.config.json or SCRAPIO_ALLOW_HOSTS.`,
    );
  }
  return new ScrapioError('target_unreachable', `Could not load ${url}: ${failure.reason}.`);
}
