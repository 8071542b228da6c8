import puppeteer, { type Browser } from 'puppeteer-core';
import { startTestServer, stopAll, type TestServer } from '../../helpers/test-server';

/**
 * GET /docs in real Chromium with every request that leaves 127.0.0.1 refused: the page must render the API
 * from the server's own files (swagger-ui-dist) and /openapi.json, with no CDN, validator badge or font.
 */
describe('GET /docs in Chromium, without network', () => {
  let ts: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ts = await startTestServer();
    browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => {
    await browser.close();
    await stopAll(ts);
  });

  it('renders every operation from the served document, asking nothing of any other host', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    const served: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = new URL(request.url());
      // Inline data (swagger-ui's icons) is not network; everything else must stay on the server's own address.
      if (url.protocol === 'data:' || url.protocol === 'blob:') {
        void request.continue();
      } else if (url.hostname === '127.0.0.1') {
        served.push(url.pathname);
        void request.continue();
      } else {
        refused.push(request.url());
        void request.abort('blockedbyclient');
      }
    });
    await page.goto(`${ts.server.url}/docs`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.opblock-summary-path', { timeout: 20000 });
    const paths = await page.$$eval('.opblock-summary-path', (nodes) => nodes.map((node) => node.getAttribute('data-path') ?? node.textContent ?? ''));
    const document = (await ts.api.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const operationCount = Object.values(document.paths).reduce((sum, methods) => sum + Object.keys(methods).length, 0);
    expect(paths).toHaveLength(operationCount);
    expect(paths).toEqual(expect.arrayContaining(['/v1/fetch', '/v1/jobs/{id}/result', '/mcp']));
    expect(await page.$eval('.info .title', (node) => node.textContent)).toContain('scrapio-server');
    expect(served).toEqual(expect.arrayContaining(['/docs', '/docs/assets/swagger-ui-bundle.js', '/openapi.json']));
    expect(refused).toEqual([]);
  });
});
