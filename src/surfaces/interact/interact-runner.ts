import { setTimeout as sleep } from 'node:timers/promises';
import type { KeyInput, Page } from 'puppeteer-core';
import { coerceError, ScrapioError } from '../../errors';
import { takeScreenshot } from '../../engine/browser/browser-document';
import type { MainDocumentWatch } from '../../engine/browser/browser-main-document';
import { assertDocumentReachable, navigate, navigationError } from '../../engine/browser/browser-navigate';
import type { PageJob } from '../../engine/browser/browser-pool';
import { DEFAULT_SETTLE, settlePage } from '../../engine/browser/browser-settle';
import { withTimeout } from '../../engine/browser/browser-timeout';
import type { InteractAction, InteractRunResult } from './interact-actions';

export interface RunActionsOptions {
  /** From BrowserPool.withPage: the policy checks, and the signal that stops every wait. */
  job: PageJob;
  /** Follows the main frame, so a step that lands on a refused address fails. */
  watch: MainDocumentWatch;
  /** Time for all the steps; a step that would run past it fails with `timeout`. */
  timeoutMs: number;
  /** Longest wait for one element or navigation (default 10 s, never past timeoutMs). */
  stepTimeoutMs?: number;
  /** Config `interact.allowEvaluate`: `evaluate` steps fail unless it is on. */
  allowEvaluate: boolean;
}

const DEFAULT_STEP_TIMEOUT_MS = 10_000;

/**
 * Runs the actions in order, one `steps[]` entry each; the first failing step stops the run (the caller then
 * answers `partial` with the page as it stands). An abort of the job is not a step failure: it rejects.
 */
export async function runActions(page: Page, actions: readonly InteractAction[], options: RunActionsOptions): Promise<InteractRunResult> {
  const deadline = Date.now() + options.timeoutMs;
  const result: InteractRunResult = { steps: [], stepErrors: [], screenshots: [], evaluations: [] };
  for (const [index, action] of actions.entries()) {
    if (options.job.signal.aborted) throw coerceError(options.job.signal.reason);
    const stepId = `step_${index + 1}`;
    const startedAt = new Date().toISOString();
    try {
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw new ScrapioError('timeout', 'No time was left for this step within timeout_ms.', { timedOut: true });
      const stepMs = Math.min(options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS, remainingMs);
      await runAction(page, action, { ...options, stepId, stepMs, remainingMs, result });
      assertDocumentReachable(page, options.watch, options.job);
      result.steps.push({ step_id: stepId, type: action.type, status: 'completed', started_at: startedAt, completed_at: new Date().toISOString() });
    } catch (thrown) {
      if (options.job.signal.aborted) throw coerceError(options.job.signal.reason);
      const error = stepError(action, thrown);
      result.steps.push({
        step_id: stepId,
        type: action.type,
        status: 'failed',
        started_at: startedAt,
        completed_at: new Date().toISOString(),
        error,
      });
      result.stepErrors.push({ step_id: stepId, ...error });
      result.failedAt = index;
      break;
    }
  }
  return result;
}

interface StepContext extends RunActionsOptions {
  stepId: string;
  /** Bound of this step's waits for elements and navigations. */
  stepMs: number;
  /** Time left for the whole run. */
  remainingMs: number;
  result: InteractRunResult;
}

async function runAction(page: Page, action: InteractAction, step: StepContext): Promise<void> {
  const { signal } = step.job;
  const locate = (selector: string) => page.locator(selector).setTimeout(step.stepMs);
  // The syntax check is one round trip to Chromium, not a wait for the element: on a loaded machine it can take longer
  // than a short step budget (seen under CI load: a 500 ms step failed with timeout instead of selector_not_found).
  if ('selector' in action && action.selector !== undefined) {
    await assertValidSelector(page, action.selector, Math.min(step.remainingMs, Math.max(step.stepMs, SELECTOR_CHECK_MIN_MS)));
  }
  switch (action.type) {
    case 'goto':
      if (action.url) await navigate(page, step.job, action.url, { timeoutMs: step.stepMs });
      else await reload(page, step);
      break;
    case 'click':
      await locate(action.selector).click({ signal });
      break;
    case 'type':
      await locate(action.selector).fill(action.value, { signal });
      break;
    case 'select': {
      const element = await locate(action.selector).waitHandle({ signal });
      const selected = await withTimeout(element.select(action.value), step.stepMs, `Selecting in ${action.selector}`);
      if (!selected.includes(action.value)) {
        throw new ScrapioError('invalid_request', `${action.selector} has no option with value "${action.value}".`);
      }
      break;
    }
    case 'press': {
      const key = action.key as KeyInput;
      if (action.selector) {
        const element = await locate(action.selector).waitHandle({ signal });
        await withTimeout(element.press(key), step.stepMs, `Pressing ${action.key}`);
      } else {
        await withTimeout(page.keyboard.press(key), step.stepMs, `Pressing ${action.key}`);
      }
      break;
    }
    case 'scroll':
      await scroll(page, action, step);
      break;
    case 'wait_for':
      await page.waitForSelector(action.selector, { visible: true, timeout: step.stepMs, signal });
      return;
    case 'wait_ms':
      if (action.duration_ms > step.remainingMs) {
        throw new ScrapioError('timeout', `wait_ms of ${action.duration_ms} ms is longer than the ${step.remainingMs} ms left.`, { timedOut: true });
      }
      await sleep(action.duration_ms, undefined, { signal });
      return;
    case 'screenshot':
      step.result.screenshots.push({ step_id: step.stepId, png: await takeScreenshot(page, action.full_page ?? false, step.stepMs) });
      return;
    case 'evaluate':
      if (!step.allowEvaluate) {
        throw new ScrapioError('invalid_request', 'evaluate actions are turned off; set interact.allowEvaluate to true in the config to allow them.');
      }
      step.result.evaluations.push({ step_id: step.stepId, value: await evaluate(page, action.script, step.stepMs) });
      break;
  }
  // The action may start a navigation, a fetch or a re-render: let the page catch up before the next step.
  await settlePage(page, { ...DEFAULT_SETTLE, capMs: Math.min(DEFAULT_SETTLE.capMs, step.remainingMs), signal });
}

async function reload(page: Page, step: StepContext): Promise<void> {
  try {
    await page.reload({ waitUntil: 'load', timeout: step.stepMs, signal: step.job.signal });
  } catch (error) {
    throw navigationError(step.job, page.url(), error, step.stepMs);
  }
}

/** Locators retry a selector that does not parse until they time out; say so at once instead. */
/** The least time the selector syntax check gets, whatever the step's own budget (see runAction). */
const SELECTOR_CHECK_MIN_MS = 5_000;

async function assertValidSelector(page: Page, selector: string, timeoutMs: number): Promise<void> {
  try {
    const element = await withTimeout(page.$(selector), timeoutMs, `Checking the selector ${selector}`);
    await element?.dispose();
  } catch (error) {
    if (error instanceof ScrapioError) throw error;
    throw new ScrapioError(
      'invalid_request',
      `${JSON.stringify(selector)} is not a valid selector: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

async function scroll(page: Page, action: Extract<InteractAction, { type: 'scroll' }>, step: StepContext): Promise<void> {
  const timeoutMs = step.stepMs;
  const sign = action.direction === 'up' ? -1 : 1;
  if (!action.selector) {
    await withTimeout(
      page.evaluate((sign, amount) => window.scrollBy({ top: sign * (amount ?? window.innerHeight), behavior: 'instant' }), sign, action.amount),
      timeoutMs,
      'Scrolling the page',
    );
    return;
  }
  const element = await page.locator(action.selector).setTimeout(timeoutMs).waitHandle({ signal: step.job.signal });
  // A selector alone brings the element into view; with direction or amount, the element itself scrolls.
  await withTimeout(
    element.evaluate(
      (el, sign, amount, intoView) => {
        if (intoView) el.scrollIntoView({ block: 'center', behavior: 'instant' });
        else el.scrollBy({ top: sign * (amount ?? el.clientHeight), behavior: 'instant' });
      },
      sign,
      action.amount,
      action.direction === undefined && action.amount === undefined,
    ),
    timeoutMs,
    `Scrolling ${action.selector}`,
  );
}

async function evaluate(page: Page, script: string, timeoutMs: number): Promise<unknown> {
  try {
    return await withTimeout(page.evaluate(script), timeoutMs, 'Evaluating the script');
  } catch (error) {
    if (error instanceof ScrapioError) throw error;
    throw new ScrapioError('invalid_request', `The script failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The `{code, message}` of a failed step: what went wrong, and with which selector or key. */
function stepError(action: InteractAction, thrown: unknown): { code: string; message: string } {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const selector = 'selector' in action ? action.selector : undefined;
  if (thrown instanceof ScrapioError) return { code: thrown.code, message: thrown.message };
  if (thrown instanceof Error && thrown.name === 'TimeoutError' && selector) {
    return { code: 'selector_not_found', message: `No visible element matches ${JSON.stringify(selector)} (waited ${timeoutOf(message)}).` };
  }
  if (/Unknown key/i.test(message)) return { code: 'invalid_request', message: `Unknown key: ${message.replace(/^.*Unknown key:\s*/i, '')}` };
  return { code: coerceError(thrown).code, message };
}

function timeoutOf(message: string): string {
  return /(\d+)\s*ms/.exec(message)?.[0] ?? 'until the step timed out';
}
