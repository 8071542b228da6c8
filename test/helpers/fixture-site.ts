import type http from 'node:http';
import { startFixtureServer, type FixtureServer } from './fixture-server';

/**
 * A small site for crawl and map tests: robots rules, a sitemap, link loops, a 404, a page that answers
 * 429 once, a binary file, nofollow and external links.
 */
export async function startCrawlSite(): Promise<FixtureServer & { throttled: () => number }> {
  let throttledOnce = 0;
  const page =
    (title: string, links: string[], extra = '') =>
    (_req: http.IncomingMessage, res: http.ServerResponse) => {
      const anchors = links.map((href) => `<li><a href="${href}">${href}</a></li>`).join('');
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html><head><title>${title}</title>${extra}</head><body><nav><ul>${anchors}</ul></nav>` +
            `<article><h1>${title}</h1><p>This is the page called ${title}. It has enough words in it to look like an article to Readability, which is picky about short texts, so here are a few more sentences about nothing in particular.</p></article></body></html>`,
        );
    };
  const site = await startFixtureServer({
    '/robots.txt': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n'),
    '/': page('Home', ['/a', '/b', '/private/secret', 'http://example.invalid/out', '/file.zip', '/missing', '/a#section', '/b?', 'mailto:x@example.com']),
    '/a': page('Page A', ['/', '/a/deep', '/throttled']),
    '/b': page('Page B', ['/', '/a', '/nofollowed-target'], ''),
    '/a/deep': page('Deep', ['/a/deeper']),
    '/a/deeper': page('Deeper', []),
    '/private/secret': page('Secret', []),
    '/nofollowed-target': page('Should not be reached via nofollow', []),
    '/throttled': (req, res) => {
      if (throttledOnce === 0) {
        throttledOnce += 1;
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
        return;
      }
      page('Throttled', [])(req, res);
    },
    '/file.zip': (_req, res) => void res.writeHead(200, { 'content-type': 'application/zip' }).end(Buffer.from([0x50, 0x4b, 3, 4])),
  });
  // Page B's link to /nofollowed-target is nofollow.
  site.route('/b', (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<html><head><title>Page B</title></head><body><a href="/">home</a> <a href="/a">a</a> <a rel="nofollow" href="/nofollowed-target">nf</a><article><p>Page B has its own words about crawling politely and about links that must not be followed by anyone.</p></article></body></html>`,
      );
  });
  return Object.assign(site, { throttled: () => throttledOnce });
}
