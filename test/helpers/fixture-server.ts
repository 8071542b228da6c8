import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FixtureHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void | Promise<void>;

export interface FixtureServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Requests seen, in order, as "METHOD /path". */
  hits: string[];
  route(path: string, handler: FixtureHandler): void;
  close(): Promise<void>;
}

/** A local HTTP server on 127.0.0.1 port 0 with per-path handlers: the only kind of target tests talk to. */
export async function startFixtureServer(routes: Record<string, FixtureHandler> = {}): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const pathOnly = (req.url ?? '/').split('?')[0];
      hits.push(`${req.method} ${pathOnly}`);
      const handler = table.get(pathOnly);
      if (!handler) {
        res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>Not found</h1></body></html>');
        return;
      }
      Promise.resolve(handler(req, res, Buffer.concat(chunks).toString('utf8'))).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    route: (path, handler) => void table.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const html =
  (body: string, status = 200): FixtureHandler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
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
