import type { BrowserContext, Page } from 'puppeteer-core';
import { BrowserLease, type SourceBrowser } from '../../../../src/engine/browser/browser-lease';

// The lease's bookkeeping without Chromium: fake browsers, contexts and tabs that record what was done to them.

interface FakeTab {
  page: Page;
  closed: boolean;
  lifecycle: string[];
}

function fakeTab(): FakeTab {
  const tab: FakeTab = { closed: false, lifecycle: [], page: undefined as unknown as Page };
  tab.page = {
    isClosed: () => tab.closed,
    close: async () => void (tab.closed = true),
    // Records each lifecycle state set, and any other command by its name.
    createCDPSession: async () => ({ send: async (method: string, params?: { state: string }) => void tab.lifecycle.push(params?.state ?? method) }),
  } as unknown as Page;
  return tab;
}

class FakeBrowser implements SourceBrowser {
  usable = true;
  contexts: Array<{ closed: boolean }> = [];
  tabs: FakeTab[] = [];
  failNextContext = false;

  async createContext(): Promise<BrowserContext> {
    if (this.failNextContext) {
      this.failNextContext = false;
      throw new Error('context refused');
    }
    const record = { closed: false };
    this.contexts.push(record);
    return { on: () => undefined, close: async () => void (record.closed = true) } as unknown as BrowserContext;
  }

  async newPage(): Promise<Page> {
    const tab = fakeTab();
    this.tabs.push(tab);
    return tab.page;
  }
}

const lease = () => new BrowserLease({}, async () => undefined as never);

test('tabs given back whole are frozen and reused (woken first); a failed one is closed', async () => {
  const browser = new FakeBrowser();
  const tabs = lease();
  const first = await tabs.open(browser);
  const second = await tabs.open(browser);
  expect([first.fresh, second.fresh]).toEqual([true, true]);
  await tabs.release(browser, first.page, true);
  await tabs.release(browser, second.page, false);
  expect(browser.tabs.map((tab) => [tab.closed, tab.lifecycle])).toEqual([
    [false, ['frozen', 'Page.stopLoading']],
    [true, []],
  ]);
  const again = await tabs.open(browser);
  expect(again).toEqual({ page: first.page, fresh: false });
  expect(browser.tabs[0].lifecycle).toEqual(['frozen', 'Page.stopLoading', 'active']);
  expect(browser.contexts).toHaveLength(1);
});

test('once its browser retires, a tab given back is closed, and the context with the last one', async () => {
  const browser = new FakeBrowser();
  const tabs = lease();
  const first = await tabs.open(browser);
  const second = await tabs.open(browser);
  browser.usable = false;
  await tabs.release(browser, first.page, true);
  expect(browser.tabs[0].closed).toBe(true);
  expect(browser.contexts[0].closed).toBe(false); // the second tab is still at work in it
  await tabs.release(browser, second.page, true);
  expect(browser.contexts[0].closed).toBe(true);

  // The next page goes to the new browser, in a new context.
  const next = new FakeBrowser();
  expect((await tabs.open(next)).fresh).toBe(true);
  expect(next.contexts).toHaveLength(1);
});

test('abandon() counts the tab as done without calling the browser', async () => {
  const browser = new FakeBrowser();
  const tabs = lease();
  await tabs.open(browser); // its browser will die under it
  const other = await tabs.open(browser);
  browser.usable = false;
  tabs.abandon(browser);
  expect(browser.tabs[0].closed).toBe(false); // no call to a browser that died
  expect(browser.contexts[0].closed).toBe(false);
  // The other tab is the last one at work: giving it back closes the context (the abandoned one was counted).
  await tabs.release(browser, other.page, true);
  expect(browser.contexts[0].closed).toBe(true);
});

test('a context that could not be created is tried again for the next page', async () => {
  const browser = new FakeBrowser();
  browser.failNextContext = true;
  const tabs = lease();
  await expect(tabs.open(browser)).rejects.toThrow('context refused');
  expect((await tabs.open(browser)).fresh).toBe(true);
  expect(browser.contexts).toHaveLength(1);
});

test('after close(), the contexts are closed and nothing opens again', async () => {
  const browser = new FakeBrowser();
  const tabs = lease();
  const opened = await tabs.open(browser);
  await tabs.release(browser, opened.page, true);
  await tabs.close();
  expect(browser.contexts[0].closed).toBe(true);
  await expect(tabs.open(browser)).rejects.toThrow(/lease is closed/);
  await expect(tabs.withPage({}, async () => 'never')).rejects.toThrow(/lease is closed/);
  expect(browser.contexts).toHaveLength(1);
});

test('a session cannot be restored into a lease tab', async () => {
  await expect(lease().withPage({ session: { cookies: [], localStorage: {} } as never }, async () => 'never')).rejects.toThrow(/cannot restore a session/);
});
