import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { startFixtureServer, type FixtureServer } from './fixture-server';

/**
 * A fixture Amazon marketplace on 127.0.0.1 serving trimmed copies of real page shapes (test/fixtures/amazon):
 * search results pages 1–3, product pages with and without a buybox and out of stock, the "All offers"
 * panel, the robot-check page and changed layouts. The query picks the fixture, so one server covers every case.
 */
export interface AmazonSite extends FixtureServer {
  /** Every request as "/path?query". */
  requests: string[];
  /** Called before a search page is answered; a returned promise holds the answer until it settles. */
  beforeSearchPage?: (page: number) => Promise<void> | void;
  /** Search pages answered with a layout the parser does not know. */
  changedPages: Set<number>;
}

export const amazonFixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures/amazon', name), 'utf8');

export const PRODUCTS: Record<string, string> = {
  B0863TXGM3: 'product-buybox.html',
  B07XJ8C8F5: 'product-no-buybox.html',
  B09XS7JWHH: 'product-out-of-stock.html',
  B0CHANGED1: 'product-changed-layout.html',
  B0CAPTCHA1: 'captcha.html',
};

const OFFERS: Record<string, string> = {
  B0863TXGM3: 'offers-multiple.html',
  B07XJ8C8F5: 'offers-no-buybox.html',
  B09XS7JWHH: 'offers-none.html',
  B0CHANGED1: 'product-changed-layout.html',
  B0CAPTCHA1: 'captcha.html',
};

export async function startAmazonSite(): Promise<AmazonSite> {
  const server = await startFixtureServer();
  const site = server as AmazonSite;
  site.requests = [];
  site.changedPages = new Set();
  const send = (res: http.ServerResponse, status: number, body: string) => void res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);

  server.route('/s', async (req, res, { url }) => {
    site.requests.push(`${url.pathname}${url.search}`);
    const search = url.searchParams.get('k') ?? '';
    const page = Number(url.searchParams.get('page') ?? '1');
    await site.beforeSearchPage?.(page);
    if (search === 'robot check') return send(res, 503, amazonFixture('captcha.html'));
    if (search === 'changed layout' || site.changedPages.has(page)) return send(res, 200, amazonFixture('search-changed-layout.html'));
    if (search !== 'wireless headphones') return send(res, 200, amazonFixture('search-no-results.html'));
    if (page >= 1 && page <= 3) return send(res, 200, amazonFixture(`search-page-${page}.html`));
    return send(res, 200, amazonFixture('search-no-results.html'));
  });
  for (const [asin, file] of Object.entries(PRODUCTS)) {
    server.route(`/dp/${asin}`, (_req, res, { url }) => {
      site.requests.push(`${url.pathname}${url.search}`);
      send(res, file === 'captcha.html' ? 503 : 200, amazonFixture(file));
    });
  }
  server.route('/gp/aod/ajax', (_req, res, { url }) => {
    site.requests.push(`${url.pathname}${url.search}`);
    const file = OFFERS[url.searchParams.get('asin') ?? ''];
    if (!file) return send(res, 404, '<html><body>Page Not Found</body></html>');
    return send(res, 200, amazonFixture(file));
  });
  return site;
}
