import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { locateChromium } from '../../src/engine/browser/chromium-locator';

/** What a dashboard tab did: every request it made, and every console error or uncaught exception. */
export interface DashboardTab {
  page: Page;
  requests: HTTPRequest[];
  problems: string[];
}

/** A headless Chromium for driving the dashboard as a user would (the server's own pool is not involved). */
export function launchTestBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: locateChromium(),
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    defaultViewport: { width: 1280, height: 900 },
  });
}

/** A new tab that records its requests and problems (console errors include Content-Security-Policy violations). */
export async function openDashboardTab(browser: Browser, baseUrl: string): Promise<DashboardTab> {
  const page = await browser.newPage();
  const requests: HTTPRequest[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(`${baseUrl}/dashboard`);
  return { page, requests, problems };
}

/** Logs in through the form: types the key and waits for the jobs view. */
export async function logIn(page: Page, key: string): Promise<void> {
  await page.type('#login-key', key);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#view-jobs:not([hidden])');
}

/** Waits until the first element matching `selector` shows text matching `pattern`, and returns that text. */
export async function waitForText(page: Page, selector: string, pattern: RegExp, timeout = 30000): Promise<string> {
  await page.waitForFunction(
    (sel: string, source: string, flags: string) => new RegExp(source, flags).test((document.querySelector(sel) as HTMLElement | null)?.innerText ?? ''),
    { timeout },
    selector,
    pattern.source,
    pattern.flags,
  );
  return page.$eval(selector, (node) => (node as HTMLElement).innerText);
}
