import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { startFixtureServer, type FixtureServer } from './fixture-server';

/**
 * A fixture YouTube on 127.0.0.1: the results page, the InnerTube search continuation, watch pages and the
 * timedtext endpoint, serving trimmed copies of real pages (see the files beside this one). Which fixture
 * answers is chosen by the query, so one server covers every case.
 */
export interface YouTubeSite extends FixtureServer {
  /** Every request as "METHOD /path?query" plus, for POSTs, the continuation token asked for. */
  requests: string[];
  /** Called before a continuation with this token is answered (a test may abort its job there). */
  onContinuation?: (token: string) => void;
}

export const TOKEN_PAGE_2 = 'EpADEgpqYXZhc2NyaXB0GIADOgNSBCYQGCIOZ2FQMkNBLU1PZnBIUkd0YWF4NhAA';
export const TOKEN_PAGE_3 = 'EpADEgpqYXZhc2NyaXB0GIADOgNSBCYQGCIOZ2FQMkNBLU1PZnBIUkd0YWF4NhAB';

export const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures/youtube', name), 'utf8');

const SEARCHES: Record<string, string> = {
  'javascript tutorial': 'search-page-1.html',
  zxqv: 'search-no-results.html',
  changed: 'search-changed-layout.html',
  unknown: 'search-unknown-renderers.html',
  noinit: 'search-no-initial-data.html',
  'consent form': 'consent.html',
};

const WATCH: Record<string, string> = {
  W6NZfCO5SIk: 'watch-captions.html',
  PkZNo7MFNFg: 'watch-no-captions.html',
  zzzzzzzzzzz: 'watch-unavailable.html',
  noPlayer123: 'watch-no-player.html',
  consentForm: 'consent.html',
};

export async function startYouTubeSite(): Promise<YouTubeSite> {
  const server = await startFixtureServer();
  const site = server as YouTubeSite;
  site.requests = [];
  const send = (res: http.ServerResponse, status: number, type: string, body: string) =>
    void res.writeHead(status, { 'content-type': type }).end(body.replaceAll('__BASE__', server.url));
  const query = (req: http.IncomingMessage) => new URL(req.url ?? '/', server.url).searchParams;

  server.route('/results', (req, res) => {
    site.requests.push(`GET ${req.url}`);
    const search = query(req).get('search_query') ?? '';
    if (search === 'consent redirect') {
      res
        .writeHead(302, { location: `https://consent.youtube.com/ml?continue=${encodeURIComponent(`${server.url}${req.url}`)}&gl=DE&hl=en&pc=yt&src=1` })
        .end();
      return;
    }
    if (search === 'throttled') {
      // Retry-After: 0 keeps the client's pause after a 429 from slowing the other tests down.
      res.writeHead(429, { 'content-type': 'text/html', 'retry-after': '0' }).end('<html><body>Too many requests</body></html>');
      return;
    }
    const file = SEARCHES[search];
    if (!file) return send(res, 200, 'text/html; charset=utf-8', fixture('search-no-results.html'));
    send(res, 200, 'text/html; charset=utf-8', fixture(file));
  });

  server.route('/youtubei/v1/search', (req, res, { body }) => {
    let token = '';
    try {
      token = String((JSON.parse(body) as { continuation?: unknown }).continuation ?? '');
    } catch {
      // answered below as a bad request
    }
    site.requests.push(`POST ${req.url} ${token}`);
    site.onContinuation?.(token);
    if (token === TOKEN_PAGE_2) return send(res, 200, 'application/json; charset=utf-8', fixture('search-page-2.json'));
    if (token === TOKEN_PAGE_3) return send(res, 200, 'application/json; charset=utf-8', fixture('search-page-3.json'));
    send(res, 400, 'application/json', '{"error":{"code":400,"message":"Request contains an invalid argument.","status":"INVALID_ARGUMENT"}}');
  });

  server.route('/watch', (req, res) => {
    site.requests.push(`GET ${req.url}`);
    const file = WATCH[query(req).get('v') ?? ''];
    send(res, 200, 'text/html; charset=utf-8', fixture(file ?? 'watch-unavailable.html'));
  });

  server.route('/api/timedtext', (req, res) => {
    site.requests.push(`GET ${req.url}`);
    const params = query(req);
    const lang = params.get('lang');
    // As YouTube does for some tracks, the creator's English track answers in XML even when json3 is asked for.
    if (lang === 'en' && params.get('kind') === 'asr') return send(res, 200, 'application/json; charset=UTF-8', fixture('timedtext-en-asr.json3'));
    if (lang === 'en') return send(res, 200, 'text/xml; charset=UTF-8', fixture('timedtext-en.xml'));
    if (lang === 'de') return send(res, 200, 'application/json; charset=UTF-8', fixture('timedtext-de.json3'));
    send(res, 200, 'text/html', '');
  });

  return site;
}
