import type { BrowserContext, CDPSession, Page, Target } from 'puppeteer-core';
import { ScrapioError } from '../../errors';
import type { PageOptions } from './browser-page-setup';
import type { PageWork } from './page-work';
import { BROWSER_CALL_TIMEOUT_MS, withTimeout } from './browser-timeout';

/** What a page source sees of one launched Chromium. */
export interface SourceBrowser {
  /** False once the browser is retired or lost: its tabs must not take new work. */
  readonly usable: boolean;
  createContext(): Promise<BrowserContext>;
  newPage(context: BrowserContext): Promise<Page>;
}

/** Where the page of one piece of work comes from, and where it goes afterwards. */
export interface PageSource<B extends SourceBrowser = SourceBrowser> {
  /** A page on `browser`; `fresh` when it still needs its set-up (viewport, user agent, request guard). */
  open(browser: B): Promise<{ page: Page; fresh: boolean }>;
  /** After the work. `reusable` is false when the work failed or was aborted. Never throws. */
  release(browser: B, page: Page, reusable: boolean): Promise<void>;
  /** After the work, when its browser died: bookkeeping only, no call to the dead browser. */
  abandon(browser: B, page: Page): void;
}

/** How every tab of a lease is set up; a lease has no session (a crawl's pages share its one context). */
export type LeaseOptions = Omit<PageOptions, 'signal' | 'session'>;

/** How a lease gets its work run by the pool: a page slot, the job's signal, crash handling. */
export type LeaseRunner = <T>(source: PageSource, options: PageOptions, work: PageWork<T>) => Promise<T>;

interface ContextTabs {
  context: Promise<BrowserContext>;
  idle: Page[];
  busy: number;
}

/**
 * One job's share of the browser for many pages (a `render_js` crawl): one incognito context, whose tabs are
 * reused page after page instead of a new context and tab per page. Opening a tab and starting its renderer is
 * most of a warm render's cost, and the context's HTTP cache keeps a site's stylesheets and scripts. Isolation
 * holds where it matters: the context belongs to this one job (one tenant), and dies with the lease.
 * Every page set-up option is the lease's; a tab whose work failed or was aborted is closed, not reused.
 */
export class BrowserLease implements PageSource {
  readonly #options: PageOptions;
  readonly #run: LeaseRunner;
  readonly #tabs = new Map<SourceBrowser, ContextTabs>();
  #closed = false;

  constructor(options: LeaseOptions, run: LeaseRunner) {
    this.#options = { ...options, keepHttpCache: true };
    this.#run = run;
  }

  /**
   * Runs `work` on one of the lease's tabs (or a new one), under the pool's page limit. Only the signal is taken
   * from `options`: the tabs are set up as the lease says, and a session cannot be restored into a shared tab.
   */
  withPage<T>(options: PageOptions, work: PageWork<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new ScrapioError('internal_error', 'The browser lease is closed.'));
    if (options.session) return Promise.reject(new ScrapioError('internal_error', 'A browser lease cannot restore a session.'));
    return this.#run(this, { ...this.#options, signal: options.signal }, work);
  }

  /** Closes the lease's contexts (and their tabs). Call it once its work is over; idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const entries = [...this.#tabs.values()];
    this.#tabs.clear();
    await Promise.all(entries.map(closeContextOf));
  }

  async open(browser: SourceBrowser): Promise<{ page: Page; fresh: boolean }> {
    // Work that waited for a page slot while the lease was closed must not open a context nobody will close.
    if (this.#closed) throw new ScrapioError('internal_error', 'The browser lease is closed.');
    this.#forgetRetiredBrowsers(browser);
    let entry = this.#tabs.get(browser);
    if (!entry) {
      entry = { context: browser.createContext().then(closePopups), idle: [], busy: 0 };
      this.#tabs.set(browser, entry);
    }
    entry.busy += 1;
    try {
      const idle = entry.idle.pop();
      if (idle && !idle.isClosed() && (await setLifecycle(idle, 'active'))) return { page: idle, fresh: false };
      if (idle) void closeTab(idle);
      const context = await entry.context.catch((error: unknown) => {
        this.#tabs.delete(browser); // the next page tries a new context
        throw error;
      });
      return { page: await browser.newPage(context), fresh: true };
    } catch (error) {
      entry.busy -= 1;
      throw error;
    }
  }

  async release(browser: SourceBrowser, page: Page, reusable: boolean): Promise<void> {
    const entry = this.#tabs.get(browser);
    if (entry) entry.busy -= 1;
    if (entry && reusable && browser.usable && !this.#closed && !page.isClosed()) {
      // An idle tab must not go on talking to the site (timers, polling) outside the host's politeness slot: it
      // is frozen until its next page. (Navigating it to about:blank instead cost a renderer swap per page.)
      if (await setLifecycle(page, 'frozen')) {
        entry.idle.push(page);
        return;
      }
    }
    await closeTab(page);
    if (entry && !browser.usable && entry.busy === 0) {
      this.#tabs.delete(browser);
      await closeContextOf(entry);
    }
  }

  abandon(browser: SourceBrowser): void {
    const entry = this.#tabs.get(browser);
    if (!entry) return;
    entry.busy -= 1;
    if (entry.busy === 0) this.#tabs.delete(browser);
  }

  /**
   * A retired browser's context is closed once none of its tabs is at work (the browser itself may live on
   * for other jobs' pages). The browser this page was given may be retiring with it (its last page): its tabs
   * still serve that page.
   */
  #forgetRetiredBrowsers(current: SourceBrowser): void {
    for (const [browser, entry] of this.#tabs) {
      if (browser === current || browser.usable || entry.busy > 0) continue;
      this.#tabs.delete(browser);
      void closeContextOf(entry);
    }
  }
}

/** Closes an entry's context, if it was ever created. Never throws. */
function closeContextOf(entry: ContextTabs): Promise<void> {
  return entry.context.then(closeContext, () => undefined);
}

/**
 * A page that a crawled page opens (window.open, target=_blank with a script) would live in the lease's context
 * until the crawl ends, doing whatever it does: it is closed as soon as it appears. The lease's own tabs have no
 * opener.
 */
function closePopups(context: BrowserContext): BrowserContext {
  context.on('targetcreated', (target: Target) => {
    if (target.type() !== 'page' || !target.opener()) return;
    void target
      .page()
      .then(
        (popup) => popup?.close(),
        () => undefined,
      )
      .catch(() => undefined);
  });
  return context;
}

/** Freezes an idle tab (no task, timer or network callback runs) or wakes it; false when the tab did not answer. */
async function setLifecycle(page: Page, state: 'frozen' | 'active'): Promise<boolean> {
  try {
    let session = sessions.get(page);
    if (!session) {
      session = await page.createCDPSession();
      sessions.set(page, session);
    }
    await withTimeout(session.send('Page.setWebLifecycleState', { state }), BROWSER_CALL_TIMEOUT_MS, `Setting a tab ${state}`);
    // Freezing stops the page's timers, not the requests it has already sent: through the request guard and the
    // egress proxy, those can reach the site seconds later under load. Once frozen (no new ones), they are cancelled.
    if (state === 'frozen') await withTimeout(session.send('Page.stopLoading'), BROWSER_CALL_TIMEOUT_MS, 'Stopping a tab');
    return true;
  } catch {
    return false;
  }
}

const sessions = new WeakMap<Page, CDPSession>();

async function closeTab(page: Page): Promise<void> {
  await withTimeout(page.close(), BROWSER_CALL_TIMEOUT_MS, 'Closing a tab').catch(() => undefined);
}

/** Never throws: a context on a dying browser may fail to close, and the browser's end takes it anyway. */
export async function closeContext(context: BrowserContext | undefined): Promise<void> {
  if (!context) return;
  await withTimeout(context.close(), BROWSER_CALL_TIMEOUT_MS, 'Closing a browser context').catch(() => undefined);
}
