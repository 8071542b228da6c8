import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { startFixtureServer, type FixtureServer } from './fixture-server';

/**
 * A fixture walmart.com on 127.0.0.1: /search and /ip/... product pages shaped like the real ones (a Next.js
 * page whose data is in `<script id="__NEXT_DATA__">`), the "Robot or human?" bot check, and the /blocked
 * redirect. Which fixture answers is chosen by the query or the item id, so one server covers every case.
 */
export interface WalmartSite extends FixtureServer {
  /** Every request as "/path?query". */
  requests: string[];
  /** Awaited before a search page is answered (a test may hold the answer, or stop the server there). */
  onSearchPage?: (page: number) => unknown;
  /** Search pages answered with the bot check until this count of requests has been answered so. */
  blockPages: Map<number, number>;
}

export const walmartFixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures/walmart', name), 'utf8');

export const PRODUCTS: Record<string, string> = {
  '10001': 'product-buybox.html',
  '10008': 'product-no-buybox.html',
  '10002': 'product-multiple-sellers.html',
  '10006': 'product-out-of-stock.html',
  '10009': 'product-changed-layout.html',
  '10010': 'blocked.html',
};

export async function startWalmartSite(): Promise<WalmartSite> {
  const server = await startFixtureServer();
  const site = server as WalmartSite;
  site.requests = [];
  site.blockPages = new Map();
  const html = (res: http.ServerResponse, status: number, body: string) => void res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);

  server.route('/search', async (req, res, { url }) => {
    site.requests.push(`${url.pathname}${url.search}`);
    const q = url.searchParams.get('q') ?? '';
    const page = Number(url.searchParams.get('page') ?? '1');
    await site.onSearchPage?.(page);
    const blocks = site.blockPages.get(page) ?? 0;
    if (blocks > 0) {
      site.blockPages.set(page, blocks - 1);
      return html(res, 200, walmartFixture('blocked.html'));
    }
    if (q === 'robot') return void res.writeHead(307, { location: `/blocked?url=${encodeURIComponent(`${url.pathname}${url.search}`)}` }).end();
    if (q === 'captcha') return html(res, 200, walmartFixture('blocked.html'));
    if (q === 'changed') return html(res, 200, walmartFixture('search-changed-layout.html'));
    if (q === 'no next data') return html(res, 200, walmartFixture('search-no-next-data.html'));
    if (q === 'broken') return html(res, 500, '<html><body>Internal error</body></html>');
    if (q === 'coffee maker' && page >= 1 && page <= 3) return html(res, 200, walmartFixture(`search-coffee-maker-${page}.html`));
    html(res, 200, walmartFixture('search-no-results.html'));
  });

  server.route('/blocked', (req, res) => {
    site.requests.push(req.url ?? '');
    html(res, 200, walmartFixture('blocked.html'));
  });

  for (const [id, file] of Object.entries(PRODUCTS)) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      site.requests.push(req.url ?? '');
      html(res, 200, walmartFixture(file));
    };
    server.route(`/ip/${id}`, handler);
    server.route(`/ip/Mr-Coffee-12-Cup/${id}`, handler);
  }
  return site;
}
