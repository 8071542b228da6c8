import type { Page } from 'puppeteer-core';
import { withTimeout } from './browser-timeout';

export interface SettleOptions {
  /** How long network and DOM must stay quiet. */
  quietMs: number;
  /** Upper bound of the whole wait: pages that poll or animate forever never go quiet. */
  capMs: number;
  signal?: AbortSignal;
}

/** Defaults for a render: long enough for content injected by a timer shortly after load. */
export const DEFAULT_SETTLE: SettleOptions = { quietMs: 300, capMs: 2_000 };

/**
 * Waits, bounded, until no request is in flight and the DOM has stopped changing for `quietMs`.
 * `load` alone misses articles that a script injects after load (timers, fetch then render). Never throws:
 * a page that does not settle in time is taken as it stands.
 */
export async function settlePage(page: Page, options: SettleOptions): Promise<void> {
  if (options.capMs <= 0) return;
  const deadline = Date.now() + options.capMs;
  const network = page.waitForNetworkIdle({ idleTime: options.quietMs, timeout: options.capMs, concurrency: 0, signal: options.signal }).catch(() => undefined);
  await Promise.all([network, domQuiet(page, options.quietMs, deadline, options.signal)]);
}

async function domQuiet(page: Page, quietMs: number, deadline: number, signal?: AbortSignal): Promise<void> {
  while (!page.isClosed() && !signal?.aborted) {
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) return;
    try {
      await withTimeout(page.evaluate(waitForQuietDom, quietMs, remainingMs), remainingMs + 1_000, 'Waiting for the DOM to settle');
      return;
    } catch {
      // The document was replaced by a navigation (its execution context died): wait on the new one.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Runs in the page: resolves after load once no mutation happened for quietMs, or at capMs. */
function waitForQuietDom(quietMs: number, capMs: number): Promise<void> {
  return new Promise((resolve) => {
    let quietTimer: ReturnType<typeof setTimeout> | undefined;
    const observer = new MutationObserver(() => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(finish, quietMs);
    });
    const capTimer = setTimeout(finish, capMs);
    function finish(): void {
      observer.disconnect();
      clearTimeout(quietTimer);
      clearTimeout(capTimer);
      resolve();
    }
    function start(): void {
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      quietTimer = setTimeout(finish, quietMs);
    }
    if (document.readyState === 'complete') start();
    else addEventListener('load', start, { once: true });
  });
}
