import { BrowserPool } from '../../../src/engine/browser/browser-pool';
import { readRenderedDocument } from '../../../src/engine/browser/browser-document';
import { navigate } from '../../../src/engine/browser/browser-navigate';
import { renderPage } from '../../../src/engine/browser/browser-render';
import { NetworkPolicy } from '../../../src/engine/network/network-policy';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { closePoolAndCheck } from '../../helpers/browser/pool-teardown';

// What a hostile page can make the renderer do: a DOM of any size, a renderer too busy to answer, a page too tall
// to photograph, a heap that grows without end. Each fails the render in the catalogue's terms, none as a retried
// 500 internal_error, and the document is not serialised when it is too large.

const MAX_DOCUMENT_BYTES = 1024 * 1024;

let site: FixtureServer;
let pool: BrowserPool;

beforeAll(async () => {
  site = await startFixtureServer({
    // 4 MiB of text written by script: the served HTML is tiny, the DOM is not (hidden: laying it out is slow).
    '/huge-dom': html(`<body><p id="p" hidden></p><script>document.getElementById('p').textContent = 'A'.repeat(4 << 20);</script></body>`),
    // The same, hidden in a template's content (outerHTML writes it, a walk of the document alone would miss it).
    '/huge-template': html(`<body><template id="t"></template><script>
      document.getElementById('t').content.append('A'.repeat(4 << 20));</script></body>`),
    // 300 000 characters, under the limit as text; serialised, each "&" becomes "&amp;": 1.5 MB.
    '/escapes': html(`<body><p id="p" hidden></p><script>document.getElementById('p').textContent = '&'.repeat(300000);</script></body>`),
    '/small': html('<body><p>small page</p></body>'),
    // Keeps its renderer busy for 15 s right after load: no CDP call into the page is answered meanwhile.
    '/busy': html(`<body><p>busy</p><script>addEventListener('load', () => setTimeout(() => {
      const end = Date.now() + 15000; while (Date.now() < end); }, 0));</script></body>`),
    '/too-tall': html('<body style="margin:0"><div style="height:300000px">tall</div></body>'),
    // Holds about 400 MB of JavaScript arrays: fine for an unbounded renderer, far past a 128 MB heap.
    '/heap-hog': html(`<body><p id="p">start</p><script>
      window.kept = [];
      for (let i = 0; i < 400; i += 1) window.kept.push(new Array(1 << 17).fill(i));
      document.getElementById('p').textContent = 'survived ' + window.kept.length;</script></body>`),
  });
  pool = new BrowserPool({
    maxConcurrentPages: 2,
    retireAfterPages: 100,
    policy: new NetworkPolicy({ allow: ['127.0.0.1'] }),
    maxDocumentBytes: MAX_DOCUMENT_BYTES,
    rendererMaxHeapMb: 128,
  });
});

afterAll(async () => {
  await closePoolAndCheck(pool);
  await site.close();
});

const tooLarge = { code: 'extraction_failed', status: 422, retryable: false, message: expect.stringContaining('http.maxResponseBytes') };

test('a DOM larger than http.maxResponseBytes fails with 422 before it is serialised', async () => {
  for (const path of ['/huge-dom', '/huge-template']) {
    const outcome = await pool.withPage({}, async (page, job) => {
      await navigate(page, job, `${site.origin}${path}`, { timeoutMs: 15_000 });
      const content = jest.spyOn(page, 'content');
      const read = await readRenderedDocument(page, `${site.origin}${path}`, undefined, 15_000, job.maxDocumentBytes).catch((error: unknown) => error);
      return { read, serialised: content.mock.calls.length };
    });
    expect(outcome.read).toMatchObject(tooLarge);
    expect(outcome.serialised).toBe(0);
  }
});

test('a document whose markup passes the limit once serialised fails too; a small one is read', async () => {
  await expect(renderPage(pool, { url: `${site.origin}/escapes`, timeoutMs: 15_000 })).rejects.toMatchObject(tooLarge);
  const { document } = await renderPage(pool, { url: `${site.origin}/small`, timeoutMs: 15_000 });
  expect(document.text).toContain('small page');
});

test('a renderer too busy to answer CDP is a timeout that is not retried, not an internal_error', async () => {
  // Its own pool: a protocol timeout well under the page's 15 s of busy work, long enough for launching and opening
  // pages under load.
  const busyPool = new BrowserPool({
    maxConcurrentPages: 1,
    retireAfterPages: 100,
    policy: new NetworkPolicy({ allow: ['127.0.0.1'] }),
    protocolTimeoutMs: 8_000,
  });
  try {
    await expect(renderPage(busyPool, { url: `${site.origin}/busy`, timeoutMs: 40_000 })).rejects.toMatchObject({
      code: 'timeout',
      retryable: false,
      message: expect.stringContaining('protocol timeout'),
    });
  } finally {
    await closePoolAndCheck(busyPool);
  }
});

test('a page too tall for a full-page screenshot fails with 422, not 500', async () => {
  await expect(renderPage(pool, { url: `${site.origin}/too-tall`, timeoutMs: 20_000, screenshot: { fullPage: true } })).rejects.toMatchObject({
    code: 'extraction_failed',
    status: 422,
    retryable: false,
    message: expect.stringContaining('full_page: false'),
  });
});

test('a page that outgrows browser.rendererMaxHeapMb crashes its own renderer: 422, and the browser serves the next page', async () => {
  await expect(renderPage(pool, { url: `${site.origin}/heap-hog`, timeoutMs: 20_000 })).rejects.toMatchObject({ code: 'extraction_failed', retryable: false });
  const { document } = await renderPage(pool, { url: `${site.origin}/small`, timeoutMs: 15_000 });
  expect(document.text).toContain('small page');
});
