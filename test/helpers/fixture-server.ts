import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server read of a request before calling its handler. */
export interface FixtureRequest {
  /** The whole request body as UTF-8 text ('' for a GET). */
  body: string;
  /** The request URL (path and query) on the origin the client addressed. */
  url: URL;
}

/** A route's handler; a returned promise that rejects answers 500. */
export type FixtureHandler = (req: http.IncomingMessage, res: http.ServerResponse, request: FixtureRequest) => unknown;

export interface FixtureServer {
  /** http://<host>:<port> */
  url: string;
  /** The same as `url`, for tests that mean the page's origin (localStorage keys, final URLs). */
  origin: string;
  port: number;
  /** Requests seen, in order, as "METHOD /path" (query left out). */
  hits: string[];
  /** Requests seen, in order, as "/path?query" (method left out): for subresources and polling with queries. */
  requestTargets: string[];
  route(path: string, handler: FixtureHandler): void;
  close(): Promise<void>;
}

/**
 * A local HTTP server on port 0 with per-path handlers (the query does not pick the route), the only kind
 * of target tests talk to. Unknown paths answer 404. `host` defaults to 127.0.0.1; tests of the network
 * policy use another loopback address (127.0.0.2) as the "internal" host.
 */
export async function startFixtureServer(routes: Record<string, FixtureHandler> = {}, options: { host?: string } = {}): Promise<FixtureServer> {
  const host = options.host ?? '127.0.0.1';
  const table = new Map(Object.entries(routes));
  const hits: string[] = [];
  const requestTargets: string[] = [];
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    // Origin-form targets ("/path?q") are joined as text, so that a path like "//x" stays a path.
    const url = new URL(target.startsWith('/') ? `http://${req.headers.host ?? host}${target}` : target);
    hits.push(`${req.method} ${url.pathname}`);
    requestTargets.push(`${url.pathname}${url.search}`);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const handler = table.get(url.pathname);
      if (!handler) {
        res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>Not found</h1></body></html>');
        return;
      }
      Promise.resolve()
        .then(() => handler(req, res, { body: Buffer.concat(chunks).toString('utf8'), url }))
        .catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const address = `http://${host}:${port}`;
  return {
    url: address,
    origin: address,
    port,
    hits,
    requestTargets,
    route: (path, handler) => void table.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTML page answer; `headers` add to (or replace) the content type. */
export const html =
  (body: string, status = 200, headers: Record<string, string> = {}): FixtureHandler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };

export const ARTICLE_PAGE = `<!doctype html><html lang="en"><head><title>Fixture Article</title>
<meta name="description" content="A page served to the tests."></head><body>
<nav><a href="/home">Home</a> <a href="/about">About</a></nav>
<article><h1>Fixture Article</h1>
<p>The quick brown fox jumps over the lazy dog. This paragraph is long enough to count as the main content of the page for Readability, which wants a few sentences of real prose before it believes an article is present.</p>
<p>A second paragraph links to <a href="/next">the next page</a> and keeps talking about foxes, dogs, and the long summer afternoons when nothing much happens in the meadow behind the farm.</p>
<table><thead><tr><th>Animal</th><th>Speed</th></tr></thead><tbody><tr><td>Fox</td><td>Quick</td></tr><tr><td>Dog</td><td>Lazy</td></tr></tbody></table>
<pre><code class="language-js">const answer = 42;</code></pre>
</article><footer>Copyright fixture</footer></body></html>`;

/** Resolves once `predicate` holds, checking after each tick of the event loop (bounded by `timeoutMs`). */
export async function until(predicate: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
