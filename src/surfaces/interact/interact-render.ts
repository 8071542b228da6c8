import { deadlineSignal } from '../../engine/browser/browser-deadline';
import { readRenderedDocument, takeScreenshot } from '../../engine/browser/browser-document';
import { MainDocumentWatch } from '../../engine/browser/browser-main-document';
import { assertDocumentReachable, navigate } from '../../engine/browser/browser-navigate';
import type { BrowserPool } from '../../engine/browser/browser-pool';
import type { BlockableResource } from '../../engine/browser/browser-request-guard';
import { DEFAULT_SETTLE, settlePage } from '../../engine/browser/browser-settle';
import type { DeviceName } from '../../engine/browser/devices';
import type { FetchedDocument } from '../../extract/fetched-document';
import type { InteractAction, InteractRunResult } from './interact-actions';
import { runActions } from './interact-runner';
import { captureSessionState, type SessionState } from '../../engine/browser/session-state';

export interface InteractionOptions {
  url: string;
  actions: readonly InteractAction[];
  device?: DeviceName;
  /** Bounds the whole interaction, outputs included. */
  timeoutMs: number;
  signal?: AbortSignal;
  allowEvaluate: boolean;
  stepTimeoutMs?: number;
  /** The `screenshot` output, taken after the steps. */
  screenshot?: { fullPage: boolean };
  blockResources?: BlockableResource[];
  headers?: Record<string, string>;
  session?: SessionState;
  userAgent?: string;
}

export interface InteractionResult {
  run: InteractRunResult;
  /** The page as it stands after the last step that ran; `finalUrl` is v1 `result.final_url`. */
  document: FetchedDocument;
  screenshotPng?: Buffer;
  session?: SessionState;
}

/** Part of timeout_ms kept for reading outputs, so a run that uses up its time still answers `partial`. */
const OUTPUT_RESERVE_RATIO = 0.2;
const OUTPUT_RESERVE_MAX_MS = 3_000;

/** What an interaction needs of the browser pool: one page of a fresh context, with the job's options. */
export type InteractionBrowser = Pick<BrowserPool, 'withPage'>;

/**
 * The interact surface's engine: open `url`, run the actions, then read the page. The first navigation
 * failing fails the job; a failing step only stops the run (`run.failedAt`).
 */
export async function runInteraction(pool: InteractionBrowser, options: InteractionOptions): Promise<InteractionResult> {
  const deadline = Date.now() + options.timeoutMs;
  const remainingMs = (): number => Math.max(1, deadline - Date.now());
  const reserveMs = Math.min(OUTPUT_RESERVE_MAX_MS, options.timeoutMs * OUTPUT_RESERVE_RATIO);
  const { signal, dispose } = deadlineSignal(options.timeoutMs, `Interacting with ${options.url}`, options.signal);
  try {
    return await pool.withPage({ ...options, signal }, async (page, job) => {
      const watch = new MainDocumentWatch(page);
      await navigate(page, job, options.url, { timeoutMs: remainingMs() - reserveMs });
      await settlePage(page, { ...DEFAULT_SETTLE, capMs: Math.min(DEFAULT_SETTLE.capMs, remainingMs() - reserveMs), signal: job.signal });
      assertDocumentReachable(page, watch, job);
      const run = await runActions(page, options.actions, {
        job,
        watch,
        timeoutMs: remainingMs() - reserveMs,
        stepTimeoutMs: options.stepTimeoutMs,
        allowEvaluate: options.allowEvaluate,
      });
      const document = await readRenderedDocument(page, options.url, watch.response, remainingMs(), job.maxDocumentBytes);
      const screenshotPng = options.screenshot ? await takeScreenshot(page, options.screenshot.fullPage, remainingMs()) : undefined;
      const session = options.session ? await captureSessionState(page, options.session) : undefined;
      return { run, document, screenshotPng, session };
    });
  } finally {
    dispose();
  }
}
