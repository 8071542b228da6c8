import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readSitemaps, type ReadSitemapsOptions, type SitemapEntry } from '../../../../src/engine/web/sitemap-reader';
import type { StreamFn } from '../../../../src/engine/web/fetch-fn';
import { ScrapioError } from '../../../../src/errors';
import { createFakeFetch, STREAM_CHUNK, type FakeRoute } from '../../../helpers/fake-fetch';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/crawl', name));
const INDEX = 'https://example.com/sitemap-index.xml';
const LIMITS = { maxUrls: 1000, maxSitemaps: 50 };

async function collect(startUrls: string[], stream: StreamFn, options: ReadSitemapsOptions = LIMITS): Promise<SitemapEntry[]> {
  const entries: SitemapEntry[] = [];
  for await (const entry of readSitemaps(startUrls, stream, options)) entries.push(entry);
  return entries;
}

function siteRoutes(): Record<string, FakeRoute> {
  return {
    [INDEX]: { body: fixture('sitemap-index.xml').toString('utf8'), contentType: 'application/xml' },
    // Served as a file, not as a Content-Encoding: the bytes arrive still gzipped.
    'https://example.com/sitemaps/articles.xml.gz': { body: gzipSync(fixture('sitemap-articles.xml')), contentType: 'application/gzip' },
    'https://example.com/sitemaps/pages.xml': { body: fixture('sitemap-pages.xml').toString('utf8'), contentType: 'application/xml' },
    'https://example.com/sitemaps/plain.txt': { body: fixture('sitemap-plain.txt').toString('utf8') },
  };
}

describe('readSitemaps', () => {
  it('follows an index to a gzipped, a namespaced and a plain-text sitemap, each fetched once', async () => {
    const fake = createFakeFetch(siteRoutes());
    const entries = await collect([INDEX], fake.stream);
    expect(entries).toEqual([
      { url: 'https://example.com/articles/1-first', lastmod: '2024-04-30T12:00:00+00:00' },
      { url: 'https://example.com/articles/2?ref=a&page=2' },
      { url: 'https://example.com/articles/3-cdata' },
      { url: 'https://example.com/articles/4-relative' },
      { url: 'https://example.com/about', lastmod: '2023-12-24' },
      { url: 'https://example.com/plain/one' },
      { url: 'https://example.com/plain/two' },
      { url: 'https://example.com/plain/three' },
    ]);
    // The index lists itself: a loop that must not refetch it. missing.xml answers 404 and is skipped.
    expect(fake.calls.map((call) => call.url)).toEqual([
      INDEX,
      'https://example.com/sitemaps/articles.xml.gz',
      'https://example.com/sitemaps/pages.xml',
      'https://example.com/sitemaps/plain.txt',
      'https://example.com/sitemaps/missing.xml',
    ]);
  });

  it('breaks loops between indexes and bounds their nesting', async () => {
    const index = (...children: string[]) => ({
      body: `<sitemapindex>${children.map((child) => `<sitemap><loc>https://example.com/${child}</loc></sitemap>`).join('')}</sitemapindex>`,
    });
    const urlset = (path: string) => ({ body: `<urlset><url><loc>https://example.com/${path}</loc></url></urlset>` });
    const fake = createFakeFetch({
      'https://example.com/a.xml': index('b.xml', 'leaf-a.xml'),
      'https://example.com/b.xml': index('a.xml', 'c.xml', 'leaf-b.xml'),
      'https://example.com/c.xml': index('leaf-c.xml'),
      'https://example.com/leaf-a.xml': urlset('from-a'),
      'https://example.com/leaf-b.xml': urlset('from-b'),
      'https://example.com/leaf-c.xml': urlset('from-c'),
    });
    const entries = await collect(['https://example.com/a.xml'], fake.stream, { ...LIMITS, maxDepth: 2 });
    expect(entries.map((entry) => entry.url)).toEqual(['https://example.com/from-a', 'https://example.com/from-b']);
    expect(fake.callsTo('https://example.com/a.xml')).toBe(1);
    expect(fake.callsTo('https://example.com/c.xml')).toBe(1);
    expect(fake.callsTo('https://example.com/leaf-c.xml')).toBe(0); // depth 3
  });

  it('reads a 10,000-URL sitemap with one request and never fetches the pages', async () => {
    const urls = Array.from({ length: 10_000 }, (_, i) => `<url><loc>https://example.com/p/${i}</loc><lastmod>2024-01-01</lastmod></url>`);
    const fake = createFakeFetch({
      'https://example.com/sitemap.xml': {
        body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('\n')}</urlset>`,
      },
    });
    const entries = await collect(['https://example.com/sitemap.xml'], fake.stream, { maxUrls: 50_000, maxSitemaps: 10 });
    expect(entries).toHaveLength(10_000);
    expect(entries[9_999]).toEqual({ url: 'https://example.com/p/9999', lastmod: '2024-01-01' });
    expect(new Set(entries.map((entry) => entry.url)).size).toBe(10_000);
    expect(fake.calls).toHaveLength(1);
  });

  it('stops at maxUrls without fetching further sitemaps', async () => {
    const fake = createFakeFetch(siteRoutes());
    const entries = await collect([INDEX], fake.stream, { maxUrls: 3, maxSitemaps: 50 });
    expect(entries).toHaveLength(3);
    expect(fake.calls.map((call) => call.url)).toEqual([INDEX, 'https://example.com/sitemaps/articles.xml.gz']);
  });

  it('stops after maxSitemaps fetches', async () => {
    const fake = createFakeFetch(siteRoutes());
    const entries = await collect([INDEX], fake.stream, { maxUrls: 1000, maxSitemaps: 2 });
    expect(fake.calls).toHaveLength(2);
    expect(entries).toHaveLength(4);
  });

  it('stops fetching as soon as the consumer stops reading', async () => {
    const fake = createFakeFetch(siteRoutes());
    for await (const entry of readSitemaps([INDEX], fake.stream, LIMITS)) {
      expect(entry.url).toBe('https://example.com/articles/1-first');
      break;
    }
    expect(fake.calls).toHaveLength(2);
  });

  it('recognises gzip by its magic bytes and caps the decompressed size, keeping the entries read before the cap', async () => {
    const small = gzipSync('<urlset><url><loc>https://example.com/zipped</loc></url></urlset>');
    const bomb = gzipSync(
      Buffer.concat([Buffer.from('<urlset><url><loc>https://example.com/bomb</loc></url>'), Buffer.alloc(2 * 1024 * 1024, 0x20), Buffer.from('</urlset>')]),
    );
    const fake = createFakeFetch({
      'https://example.com/sitemap.php': { body: small, contentType: 'application/octet-stream' },
      'https://example.com/bomb.xml.gz': { body: bomb },
      'https://example.com/corrupt.xml.gz': { body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]) },
    });
    const entries = await collect(['https://example.com/bomb.xml.gz', 'https://example.com/corrupt.xml.gz', 'https://example.com/sitemap.php'], fake.stream, {
      ...LIMITS,
      maxSitemapBytes: 1024 * 1024,
    });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(entries).toEqual([{ url: 'https://example.com/bomb' }, { url: 'https://example.com/zipped' }]);
  });

  it('stops reading a huge sitemap as soon as maxUrls are found', async () => {
    const urls = Array.from({ length: 200_000 }, (_, i) => `<url><loc>https://example.com/p/${i}</loc></url>`);
    const body = gzipSync(`<urlset>${urls.join('')}</urlset>`);
    const fake = createFakeFetch({ 'https://example.com/sitemap.xml.gz': { body } });
    const entries = await collect(['https://example.com/sitemap.xml.gz'], fake.stream, { maxUrls: 100, maxSitemaps: 10 });
    expect(entries.map((entry) => entry.url)).toEqual(Array.from({ length: 100 }, (_, i) => `https://example.com/p/${i}`));
    const chunks = Math.ceil(body.length / STREAM_CHUNK);
    expect(chunks).toBeGreaterThan(30);
    expect(fake.chunksStreamed()).toBeLessThanOrEqual(4); // the first chunk holds the 100 URLs; a little read-ahead
  });

  it('shares one byte budget between all the sitemaps it reads', async () => {
    const padded = (name: string) => ({
      body: `<urlset><url><loc>https://example.com/${name}/first</loc></url>${' '.repeat(600 * 1024)}<url><loc>https://example.com/${name}/last</loc></url></urlset>`,
    });
    const fake = createFakeFetch({
      'https://example.com/one.xml': padded('one'),
      'https://example.com/two.xml': padded('two'),
      'https://example.com/three.xml': padded('three'),
    });
    const starts = ['one', 'two', 'three'].map((name) => `https://example.com/${name}.xml`);
    const entries = await collect(starts, fake.stream, { ...LIMITS, maxTotalBytes: 1024 * 1024 });
    // one.xml is read whole (600 KiB); two.xml until the budget ends at 1 MiB; three.xml not at all.
    expect(entries.map((entry) => entry.url)).toEqual(['https://example.com/one/first', 'https://example.com/one/last', 'https://example.com/two/first']);
    expect(fake.calls.map((call) => call.url)).toEqual(starts.slice(0, 2));
  });

  it('skips sitemaps that fail and keeps reading the others', async () => {
    const fake = createFakeFetch({
      'https://example.com/down.xml': async () => {
        throw new ScrapioError('target_unreachable', 'ECONNRESET');
      },
      'https://example.com/error.xml': { status: 500, body: '<urlset><url><loc>https://example.com/from-error-page</loc></url></urlset>' },
      'https://example.com/html.xml': { body: '<!doctype html><html><body><a href="/x">soft 404</a></body></html>' },
      'https://example.com/ok.xml': { body: '<urlset><url><loc>https://example.com/ok</loc></url></urlset>' },
    });
    const starts = ['down', 'error', 'html', 'ok'].map((name) => `https://example.com/${name}.xml`);
    expect(await collect(starts, fake.stream)).toEqual([{ url: 'https://example.com/ok' }]);
  });

  it('resolves a relative loc against the final URL after redirects', async () => {
    const fake = createFakeFetch({
      'https://example.com/sitemap.xml': { body: '<urlset><url><loc>page</loc></url></urlset>', finalUrl: 'https://www.example.com/maps/sitemap.xml' },
    });
    expect(await collect(['https://example.com/sitemap.xml'], fake.stream)).toEqual([{ url: 'https://www.example.com/maps/page' }]);
  });

  it('rethrows when the signal aborts, instead of reporting an empty sitemap', async () => {
    const controller = new AbortController();
    const stream: StreamFn = async () => {
      controller.abort(new Error('cancelled'));
      throw new Error('aborted by signal');
    };
    await expect(collect([INDEX], stream, { ...LIMITS, signal: controller.signal })).rejects.toThrow('aborted by signal');
    await expect(collect([INDEX], createFakeFetch({}).stream, { ...LIMITS, signal: controller.signal })).rejects.toThrow('cancelled');
  });
});
