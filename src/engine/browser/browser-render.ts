import type { PageOptions, PageWork } from './browser-pool';
import { deadlineSignal } from './browser-deadline';
import { readRenderedDocument, takeScreenshot } from './browser-document';
import { MainDocumentWatch } from './browser-main-document';
import { assertDocumentReachable, navigate } from './browser-navigate';
import type { BlockableResource } from './browser-request-guard';
import { DEFAULT_SETTLE, settlePage } from './browser-settle';
import type { DeviceName } from './devices';
import type { FetchedDocument } from '../../extract/fetched-document';
import { captureSessionState, type SessionState } from './session-state';

export interface RenderOptions {
  url: string;
  device?: DeviceName;
  /** v1 `wait_for.network_idle`: navigation waits for 500 ms without requests instead of `load`. */
  waitForNetworkIdle?: boolean;
  /** Bounds the whole render (navigation, settling, content, screenshot). */
  timeoutMs: number;
  signal?: AbortSignal;
  screenshot?: { fullPage: boolean };
  blockResources?: BlockableResource[];
  headers?: Record<string, string>;
  /** Restored before navigation; when given, the updated state comes back in the result. */
  session?: SessionState;
  userAgent?: string;
  /** Called once the page has loaded, before the settle wait (a crawl frees its per-host slot there). */
  onLoaded?: () => void;
}

export interface RenderResult {
  document: FetchedDocument;
  screenshotPng?: Buffer;
  session?: SessionState;
}

/** Where renders get their page: the pool (a new context each time) or a crawl's lease of reused tabs. */
export interface PageProvider {
  withPage<T>(options: PageOptions, work: PageWork<T>): Promise<T>;
}

/** Fetches a page with Chromium and returns the DOM as rendered. */
export async function renderPage(pool: PageProvider, options: RenderOptions): Promise<RenderResult> {
  const deadline = Date.now() + options.timeoutMs;
  const remainingMs = (): number => Math.max(1, deadline - Date.now());
  const { signal, dispose } = deadlineSignal(options.timeoutMs, `Rendering ${options.url}`, options.signal);
  try {
    return await pool.withPage({ ...options, signal }, async (page, job) => {
      const watch = new MainDocumentWatch(page);
      try {
        const response = await navigate(page, job, options.url, {
          timeoutMs: remainingMs(),
          waitUntil: options.waitForNetworkIdle ? 'networkidle0' : 'load',
        });
        options.onLoaded?.();
        await settlePage(page, { ...DEFAULT_SETTLE, capMs: Math.min(DEFAULT_SETTLE.capMs, remainingMs()), signal: job.signal });
        assertDocumentReachable(page, watch, job);
        const document = await readRenderedDocument(page, options.url, watch.response ?? response ?? undefined, remainingMs(), job.maxDocumentBytes);
        const screenshotPng = options.screenshot ? await takeScreenshot(page, options.screenshot.fullPage, remainingMs()) : undefined;
        const session = options.session ? await captureSessionState(page, options.session) : undefined;
        return { document, screenshotPng, session };
      } finally {
        watch.dispose();
      }
    });
  } finally {
    dispose();
  }
}
