import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { ScrapioError } from '../../errors';
import { BROWSER_CALL_TIMEOUT_MS, withTimeout } from './browser-timeout';

export interface ChromiumLaunchOptions {
  executablePath: string;
  /** `http://127.0.0.1:<port>` of the egress proxy. */
  proxyUrl: string;
  launchTimeoutMs: number;
  /** Bounds every CDP message; a hung renderer surfaces as an error instead of a stuck job. */
  protocolTimeoutMs: number;
  /** V8 heap of each renderer: a page that builds more (a script's 50 MB strings) crashes its own renderer only. */
  rendererMaxHeapMb: number;
}

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  // QUIC would be UDP straight to the target, around the proxy.
  '--disable-quic',
  // WebRTC sends STUN, TURN and ICE checks over UDP from the browser itself, to addresses a page chooses: only
  // UDP through a proxy is allowed, and an HTTP proxy carries none, so WebRTC gets no UDP at all (TURN over TCP
  // still goes through the egress proxy and its policy). Chromium 156 reads this name; the "--force-" spelling
  // found in older guides is silently ignored. Pages also lose RTCPeerConnection (browser-webrtc-guard.ts).
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Headless defaults to an 800×600 screen and window; desktop pages read screen.width and outerWidth.
  '--screen-info={1366x768}',
  '--window-size=1366,768',
  // A crawl's reused tabs would each keep a renderer process; more processes than the cores can run cost memory
  // (about 240 MB PSS on a 200-page rendered crawl here) and no speed. Chromium never shares a renderer between
  // two browser contexts, so jobs stay apart whatever the limit; it is a soft bound for that reason.
  `--renderer-process-limit=${Math.max(4, 2 * availableParallelism())}`,
];

/**
 * One Chromium process in its own process group (puppeteer spawns it detached) with a throw-away profile.
 * kill() takes the whole group: the zygotes and renderers outlive the browser process otherwise.
 */
export class ChromiumProcess {
  readonly browser: Browser;
  readonly pid: number;
  readonly #userDataDir: string;
  #closing?: Promise<void>;

  private constructor(browser: Browser, pid: number, userDataDir: string) {
    this.browser = browser;
    this.pid = pid;
    this.#userDataDir = userDataDir;
  }

  static async launch(options: ChromiumLaunchOptions): Promise<ChromiumProcess> {
    const userDataDir = await mkdtemp(join(tmpdir(), 'scrapio-chromium-'));
    try {
      const browser = await puppeteer.launch({
        executablePath: options.executablePath,
        headless: true,
        pipe: true,
        userDataDir,
        timeout: options.launchTimeoutMs,
        protocolTimeout: options.protocolTimeoutMs,
        defaultViewport: null,
        // Signals belong to the server's shutdown path; puppeteer's own exit hook still kills the group.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        args: [
          ...CHROMIUM_FLAGS,
          `--proxy-server=${options.proxyUrl}`,
          // Chromium bypasses proxies for loopback by default; "<-loopback>" removes that implicit rule.
          '--proxy-bypass-list=<-loopback>',
          // --js-flags reach the renderers' V8 (the browser process runs next to no JavaScript).
          `--js-flags=--max-old-space-size=${options.rendererMaxHeapMb}`,
        ],
      });
      const pid = browser.process()?.pid;
      if (pid === undefined) throw new Error('Chromium started without a process id');
      return new ChromiumProcess(browser, pid, userDataDir);
    } catch (error) {
      // A Chromium that failed to start may still be writing its profile: a failed clean-up must not hide why it failed.
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
      throw new ScrapioError(
        'browser_unavailable',
        `Chromium (${options.executablePath}) failed to start: ${error instanceof Error ? error.message : String(error)}`,
        { retryable: true, cause: error },
      );
    }
  }

  /** Graceful close, then SIGKILL to the group whatever happened; idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await withTimeout(this.browser.close(), BROWSER_CALL_TIMEOUT_MS, 'Closing Chromium').catch(() => undefined);
      this.#killGroup();
      await rm(this.#userDataDir, { recursive: true, force: true, maxRetries: 3 });
    })();
    return this.#closing;
  }

  /** For a crashed or hung browser: no goodbye over CDP. */
  kill(): Promise<void> {
    this.#killGroup();
    return this.close();
  }

  #killGroup(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch (error) {
      // ESRCH: the group is already gone, which is the goal.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}
