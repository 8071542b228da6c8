import pino from 'pino';
import type { BrowserContext, Page } from 'puppeteer-core';
import { coerceError, ScrapioError } from '../../errors';
import type { Logger } from '../../logger';
import { BrowserLease, closeContext, type LeaseOptions, type PageSource, type SourceBrowser } from './browser-lease';
import { setUpPage, type PageOptions } from './browser-page-setup';
import type { BrowserExchange } from './browser-recorded-requests';
import type { PageJob, PageWork } from './page-work';
import { ChromiumProcess } from './browser-process';
import { BrowserSemaphore } from './browser-semaphore';
import { BROWSER_CALL_TIMEOUT_MS, withTimeout } from './browser-timeout';
import { browserError, rendererCrashed } from './browser-errors';
import { locateChromium } from './chromium-locator';
import { type EgressFailure, EgressProxy } from '../network/egress-proxy';
import type { NetworkPolicy } from '../network/network-policy';

export type { PageOptions } from './browser-page-setup';
export type { PageJob, PageWork } from './page-work';

/** The part of the network policy the browser needs: the URL check up front, the address check in the proxy. */
export type BrowserPolicy = Pick<NetworkPolicy, 'assertUrlAllowed' | 'refusalFor'>;

export interface BrowserPoolOptions {
  /** Config `browser.executablePath`; otherwise PUPPETEER_EXECUTABLE_PATH, then well-known paths. */
  executablePath?: string;
  /** Config `browser.maxConcurrentPages`: pages at work at once across all jobs (a lease's idle tabs are not at work). */
  maxConcurrentPages: number;
  /** Config `browser.retireAfterPages`: a browser serves this many pages, then a fresh one takes over. */
  retireAfterPages: number;
  policy: BrowserPolicy;
  launchTimeoutMs?: number;
  protocolTimeoutMs?: number;
  /** Config `http.maxResponseBytes`: a rendered document larger than this fails before it is serialised (default 20 MiB). */
  maxDocumentBytes?: number;
  /** Config `browser.rendererMaxHeapMb`: each renderer's JavaScript heap; a page that needs more crashes alone (default 512). */
  rendererMaxHeapMb?: number;
  /**
   * Keep one unused context and page opened ahead of the next job (default true). Opening a page is most of
   * a warm render's overhead; the spare is as fresh as a new one, so tenants stay apart.
   */
  keepSparePage?: boolean;
  /** Record/replay: every http(s) request of every page is answered through this instead of the egress proxy. */
  exchange?: BrowserExchange;
  logger?: Logger;
}

export interface BrowserPoolStats {
  launches: number;
  pagesOpen: number;
  /** The current browser's pid (its process group id too). */
  pid?: number;
  /** The pids of every browser still up: the current one and any retiring one still finishing its pages. */
  pids: number[];
}

interface OpenedPage {
  context: BrowserContext;
  page: Page;
}

/** Runs a housekeeping call (new context, new page) with a bound; a hang abandons the browser. */
type Housekeeping = <T>(call: Promise<T>, what: string) => Promise<T>;

/** One launched Chromium and the jobs on it; losing it aborts each job's page signal. */
class PooledBrowser implements SourceBrowser {
  /** One controller per page in flight. */
  readonly pages = new Set<AbortController>();
  spare?: Promise<OpenedPage | undefined>;
  served = 0;
  retired = false;
  disposing = false;
  lostError?: ScrapioError;

  constructor(
    readonly chromium: ChromiumProcess,
    readonly userAgent: string,
    private readonly housekeeping: Housekeeping,
  ) {}

  get usable(): boolean {
    return !this.retired && !this.lostError;
  }

  createContext(): Promise<BrowserContext> {
    return this.housekeeping(this.chromium.browser.createBrowserContext(), 'Creating a browser context');
  }

  newPage(context: BrowserContext): Promise<Page> {
    return this.housekeeping(context.newPage(), 'Opening a page');
  }

  markLost(error: ScrapioError): void {
    if (this.lostError) return;
    this.lostError = error;
    for (const page of this.pages) page.abort(error);
  }
}

/**
 * One Chromium, launched on first use and shared by all jobs; each piece of work gets a fresh incognito context,
 * or, for a crawl, the context of that one job's lease (openLease), so no cookie or storage crosses jobs or
 * tenants. At most `maxConcurrentPages` pages at work at once; a browser is retired after `retireAfterPages` pages (its
 * in-flight pages finish on it) and replaced after a crash or hang.
 */
export class BrowserPool {
  readonly #options: BrowserPoolOptions;
  readonly #logger: Logger;
  readonly #slots: BrowserSemaphore;
  readonly #instances = new Set<PooledBrowser>();
  #current?: PooledBrowser;
  #launching?: Promise<PooledBrowser>;
  #proxyStart?: Promise<EgressProxy>;
  #proxy?: EgressProxy;
  #executablePath?: string;
  #launches = 0;
  #closing?: Promise<void>;

  constructor(options: BrowserPoolOptions) {
    this.#options = options;
    this.#logger = options.logger ?? pino({ level: 'silent' });
    this.#slots = new BrowserSemaphore(options.maxConcurrentPages);
  }

  /**
   * Runs `work` on a new page in a new context; both are closed afterwards whatever happens. Rejects with
   * the job's abort reason when `options.signal` fires (the page is closed, which stops the navigation),
   * and with a retryable `browser_unavailable` when Chromium dies during the work.
   */
  withPage<T>(options: PageOptions, work: PageWork<T>): Promise<T> {
    return this.#withPageFrom(this.#freshContexts, options, work);
  }

  /**
   * A lease of one context whose tabs are reused by many pages of the same job (see BrowserLease). Each of
   * its pages still takes one of the pool's `maxConcurrentPages` slots while it works; close the lease when done.
   */
  openLease(options: LeaseOptions): BrowserLease {
    return new BrowserLease(options, (source, pageOptions, work) => this.#withPageFrom(source, pageOptions, work));
  }

  async #withPageFrom<T>(source: PageSource<PooledBrowser>, options: PageOptions, work: PageWork<T>): Promise<T> {
    if (this.#closing) throw shuttingDown();
    const release = await this.#slots.acquire(options.signal);
    try {
      const browser = await raceAbort(this.#ready(), options.signal);
      const pageAbort = new AbortController();
      browser.pages.add(pageAbort);
      browser.served += 1;
      if (browser.served >= this.#options.retireAfterPages) this.#retire(browser);
      try {
        return await this.#run(browser, source, options, pageAbort, work);
      } finally {
        browser.pages.delete(pageAbort);
        if (browser.retired && browser.pages.size === 0) void this.#dispose(browser);
        else this.#prepareSpare(browser);
      }
    } finally {
      release();
    }
  }

  stats(): BrowserPoolStats {
    let pagesOpen = 0;
    for (const browser of this.#instances) pagesOpen += browser.pages.size;
    const pids = [...this.#instances].map((browser) => browser.chromium.pid);
    return { launches: this.#launches, pagesOpen, pid: this.#current?.chromium.pid, pids };
  }

  /** Idempotent. Fails pages in flight (retryable), kills every Chromium process group, stops the proxy. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#slots.failWaiters(shuttingDown());
      await this.#launching?.catch(() => undefined);
      for (const browser of this.#instances) browser.markLost(shuttingDown());
      await Promise.all([...this.#instances].map((browser) => this.#dispose(browser)));
      const proxy = await this.#proxyStart?.catch(() => undefined);
      await proxy?.close();
    })();
    return this.#closing;
  }

  async #run<T>(browser: PooledBrowser, source: PageSource<PooledBrowser>, options: PageOptions, pageAbort: AbortController, work: PageWork<T>): Promise<T> {
    const { signal } = pageAbort;
    const onJobAbort = (): void => pageAbort.abort(options.signal?.reason);
    // Puppeteer's 'error' event is a crashed renderer: calls into it would otherwise wait for the protocol timeout.
    const onCrash = (error: Error): void => pageAbort.abort(rendererCrashed(error));
    if (options.signal?.aborted) onJobAbort();
    else options.signal?.addEventListener('abort', onJobAbort, { once: true });
    const job: PageJob = {
      signal,
      assertUrlAllowed: (url) => this.#options.policy.assertUrlAllowed(url),
      maxDocumentBytes: this.#options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
      egressFailure: (url) => this.#egressFailure(url),
    };
    let page: Page | undefined;
    let succeeded = false;
    let givenBack = false;
    // The page goes back to its source exactly once: from the finally below, or from the opening path when the
    // work was aborted before the page was ready (the finally has run by then, or runs without a page).
    const giveBack = async (opened: Page, reusable: boolean): Promise<void> => {
      if (givenBack) return;
      givenBack = true;
      if (browser.lostError) source.abandon(browser, opened);
      else await source.release(browser, opened, reusable);
    };
    const running = (async () => {
      const opened = await source.open(browser);
      if (signal.aborted) {
        await giveBack(opened.page, false);
        signal.throwIfAborted();
      }
      page = opened.page;
      page.on('error', onCrash);
      if (opened.fresh) await setUpPage(opened.page, options, browser.userAgent, this.#options.exchange);
      return work(opened.page, job);
    })();
    running.catch(() => undefined); // it may lose the race below and reject later, once its page is gone
    try {
      const result = await raceAbort(running, signal);
      succeeded = true;
      return result;
    } catch (error) {
      const failure = signal.aborted ? coerceError(signal.reason) : browserError(error);
      if (failure.code === 'timeout') await this.#checkAlive(browser);
      // A dead browser makes the work fail with some protocol error first; the crash is the real cause.
      throw browser.lostError ?? failure;
    } finally {
      options.signal?.removeEventListener('abort', onJobAbort);
      page?.off('error', onCrash);
      // Closing the page (or its context) also stops a navigation still running after an abort.
      if (page) await giveBack(page, succeeded && !signal.aborted);
    }
  }

  /** The default source: a fresh context and page per piece of work, closed afterwards. */
  readonly #freshContexts: PageSource<PooledBrowser> = {
    open: async (browser) => ({ page: (await this.#openPage(browser)).page, fresh: true }),
    release: async (_browser, page) => closeContext(page.browserContext()),
    abandon: () => undefined, // the context dies with its browser
  };

  /** The spare if one is ready, else a new context and page. */
  async #openPage(browser: PooledBrowser): Promise<OpenedPage> {
    // Taken before awaiting: two jobs starting together must not both get the same spare.
    const spare = browser.spare;
    browser.spare = undefined;
    return (await spare) ?? this.#newPage(browser);
  }

  /**
   * Opens the next spare once a job is over: opening one while a job sets up its page slows that job down
   * (renderer start-up competes for the CPU). Unused spares die with their browser, retired or lost.
   */
  #prepareSpare(browser: PooledBrowser): void {
    if (this.#options.keepSparePage === false || browser.spare || browser.retired || browser.lostError || this.#closing) return;
    browser.spare = this.#newPage(browser).catch(() => undefined);
  }

  async #newPage(browser: PooledBrowser): Promise<OpenedPage> {
    const context = await browser.createContext();
    try {
      return { context, page: await browser.newPage(context) };
    } catch (error) {
      await closeContext(context);
      throw error;
    }
  }

  #ready(): Promise<PooledBrowser> {
    const current = this.#current;
    if (current && !current.retired && !current.lostError) return Promise.resolve(current);
    this.#launching ??= this.#launch().finally(() => (this.#launching = undefined));
    return this.#launching;
  }

  async #launch(): Promise<PooledBrowser> {
    this.#executablePath ??= locateChromium({ executablePath: this.#options.executablePath });
    this.#proxyStart ??= EgressProxy.start({ policy: this.#options.policy, logger: this.#logger }).then(
      (proxy) => (this.#proxy = proxy),
      (error: unknown) => {
        this.#proxyStart = undefined;
        throw error;
      },
    );
    const proxy = await this.#proxyStart;
    const chromium = await ChromiumProcess.launch({
      executablePath: this.#executablePath,
      proxyUrl: proxy.url,
      launchTimeoutMs: this.#options.launchTimeoutMs ?? 30_000,
      protocolTimeoutMs: this.#options.protocolTimeoutMs ?? 60_000,
      rendererMaxHeapMb: this.#options.rendererMaxHeapMb ?? DEFAULT_RENDERER_MAX_HEAP_MB,
    });
    if (this.#closing) {
      await chromium.kill();
      throw shuttingDown();
    }
    let userAgent: string;
    try {
      userAgent = await withTimeout(chromium.browser.userAgent(), BROWSER_CALL_TIMEOUT_MS, 'Reading the user agent');
    } catch (error) {
      await chromium.kill();
      throw error;
    }
    const browser: PooledBrowser = new PooledBrowser(chromium, userAgent, (call, what) => this.#housekeeping(browser, call, what));
    chromium.browser.once('disconnected', () => this.#onDisconnected(browser));
    this.#instances.add(browser);
    this.#current = browser;
    this.#launches += 1;
    this.#logger.info({ pid: chromium.pid, executablePath: this.#executablePath }, 'Chromium launched');
    return browser;
  }

  #onDisconnected(browser: PooledBrowser): void {
    if (browser.disposing) return;
    this.#abandon(
      browser,
      `Chromium (pid ${browser.chromium.pid}) exited while rendering (crashed or was killed); the job can be retried, the next one gets a new browser.`,
    );
  }

  /** A crashed or hung browser: fail its pages now (retryable) and kill its whole process group. */
  #abandon(browser: PooledBrowser, message: string): void {
    if (browser.lostError) return;
    this.#logger.error({ pid: browser.chromium.pid, pagesInFlight: browser.pages.size }, message);
    browser.markLost(new ScrapioError('browser_unavailable', message, { retryable: true }));
    void this.#dispose(browser);
  }

  /**
   * After a timeout: a slow page, or a browser that stopped answering (stopped, deadlocked)? A hung one is
   * abandoned now, so the next job does not wait on it and its context is not closed over a dead channel.
   */
  async #checkAlive(browser: PooledBrowser): Promise<void> {
    if (browser.lostError) return;
    try {
      await withTimeout(browser.chromium.browser.version(), HEALTH_CHECK_TIMEOUT_MS, 'Checking Chromium');
    } catch {
      this.#abandon(browser, `Chromium (pid ${browser.chromium.pid}) stopped answering; the job can be retried on a new browser.`);
    }
  }

  async #housekeeping<T>(browser: PooledBrowser, call: Promise<T>, what: string): Promise<T> {
    try {
      return await withTimeout(call, BROWSER_CALL_TIMEOUT_MS, what);
    } catch (thrown) {
      // Puppeteer's own protocol timeout on a housekeeping call is a hang just the same.
      if (browserError(thrown).code === 'timeout') {
        this.#abandon(browser, `Chromium (pid ${browser.chromium.pid}) stopped answering (${what} hung); the job can be retried on a new browser.`);
      }
      throw thrown;
    }
  }

  #retire(browser: PooledBrowser): void {
    browser.retired = true;
    if (this.#current === browser) this.#current = undefined;
  }

  async #dispose(browser: PooledBrowser): Promise<void> {
    this.#retire(browser);
    browser.disposing = true;
    this.#instances.delete(browser);
    if (browser.lostError && !this.#closing) return browser.chromium.kill();
    // A page still opening when its browser goes leaves Puppeteer's uncancellable 30 s waitForTarget timer
    // behind, which holds the process open after shutdown: let the spare finish first (bounded).
    await browser.spare;
    await browser.chromium.close();
  }

  #egressFailure(url: string): EgressFailure | undefined {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
    return this.#proxy?.failureFor(parsed.hostname, port);
  }
}

const HEALTH_CHECK_TIMEOUT_MS = 2_000;
const DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const DEFAULT_RENDERER_MAX_HEAP_MB = 512;

function shuttingDown(): ScrapioError {
  return new ScrapioError('browser_unavailable', 'The browser pool is shutting down; the job can be retried.', { retryable: true });
}

/** Rejects with the abort reason as soon as the signal fires; the work itself is left to its owner. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(coerceError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(coerceError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
