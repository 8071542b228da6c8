import type { HTTPRequest, HTTPResponse, Page } from 'puppeteer-core';

/**
 * Follows the main frame's documents after goto returned: a script may navigate the page elsewhere
 * (a refused host, an unreachable one) while it settles, and the render must report what it ends on.
 */
export class MainDocumentWatch {
  readonly #page: Page;
  #response?: HTTPResponse;
  #failure?: { url: string; errorText: string };

  constructor(page: Page) {
    this.#page = page;
    page.on('response', this.#onResponse);
    page.on('requestfailed', this.#onFailed);
  }

  /** Stops watching: needed when the tab goes on to serve another page (a crawl's lease). */
  dispose(): void {
    this.#page.off('response', this.#onResponse);
    this.#page.off('requestfailed', this.#onFailed);
  }

  /** The last main-frame document response (after redirects). */
  get response(): HTTPResponse | undefined {
    return this.#response;
  }

  /** The last main-frame navigation that failed without a response, if none answered since. */
  get failure(): { url: string; errorText: string } | undefined {
    return this.#failure;
  }

  #isMainDocument(request: HTTPRequest): boolean {
    return request.isNavigationRequest() && request.frame() === this.#page.mainFrame();
  }

  readonly #onResponse = (response: HTTPResponse): void => {
    if (!this.#isMainDocument(response.request())) return;
    this.#response = response;
    this.#failure = undefined;
  };

  readonly #onFailed = (request: HTTPRequest): void => {
    if (!this.#isMainDocument(request)) return;
    this.#failure = { url: request.url(), errorText: request.failure()?.errorText ?? 'net::ERR_FAILED' };
  };
}
