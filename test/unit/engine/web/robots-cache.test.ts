import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RobotsCache } from '../../../../src/engine/web/robots-cache';
import { ScrapioError } from '../../../../src/errors';
import { deferred } from '../../../helpers/deferred';
import { createFakeFetch, fakeDocument, type FakeRoute } from '../../../helpers/fake-fetch';

const ROBOTS = readFileSync(join(__dirname, '../../../fixtures/crawl/robots.txt'), 'utf8');
const ROBOTS_URL = 'https://example.com/robots.txt';

function cacheWith(routes: Record<string, FakeRoute>, userAgent = 'otherbot/1.0', clock = { now: () => 0 }) {
  const fake = createFakeFetch(routes);
  return { fake, robots: new RobotsCache({ fetch: fake.fetch, userAgent, clock }) };
}

describe('RobotsCache rules', () => {
  const { robots } = cacheWith({ [ROBOTS_URL]: { body: ROBOTS } });
  const allowed = (path: string) => robots.isAllowed(`https://example.com${path}`);

  it('applies prefixes, the longest match, Allow over Disallow and $ anchors', async () => {
    expect(await allowed('/')).toBe(true);
    expect(await allowed('/private/x')).toBe(false);
    expect(await allowed('/private/open')).toBe(true);
    expect(await allowed('/private/open/deeper')).toBe(false);
    expect(await allowed('/search')).toBe(false);
    expect(await allowed('/searching?q=1')).toBe(false);
    expect(await allowed('/search/about')).toBe(true);
  });

  it('supports * wildcards and matches the query as part of the path', async () => {
    expect(await allowed('/files/report.pdf')).toBe(false);
    expect(await allowed('/a/b/c.pdf')).toBe(false);
    expect(await allowed('/files/report.pdf?download=1')).toBe(true);
    expect(await allowed('/files/report.pdfx')).toBe(true);
  });

  it('matches percent-encoded rules against normalised URLs', async () => {
    expect(await allowed('/caf%C3%A9')).toBe(false);
    expect(await allowed('/caf%C3%A9/menu')).toBe(false);
  });

  it('explains a refusal', async () => {
    expect(await robots.check('https://example.com/private/x')).toEqual({
      allowed: false,
      reason: 'disallowed',
      message: 'Disallowed by https://example.com/robots.txt (line 3).',
    });
  });

  it('uses the Crawl-delay of the matching group, capped at 60 s', async () => {
    expect(await robots.crawlDelaySeconds('https://example.com')).toBe(2);
    const slow = cacheWith({ [ROBOTS_URL]: { body: ROBOTS } }, 'SlowBot/2.1').robots;
    expect(await slow.crawlDelaySeconds('https://example.com/any/page')).toBe(60);
  });

  it('lists Sitemap lines as absolute http(s) URLs, once each', async () => {
    expect(await robots.sitemaps('https://example.com')).toEqual(['https://example.com/sitemap-index.xml', 'https://example.com/relative-sitemap.xml']);
  });
});

describe('RobotsCache user agents', () => {
  it('uses the group of its own product token, ignoring the * group', async () => {
    const { robots, fake } = cacheWith({ [ROBOTS_URL]: { body: ROBOTS } }, 'scrapio-server/0.1.0 (+https://github.com/x)');
    expect(await robots.isAllowed('https://example.com/no-scrapio/page')).toBe(false);
    expect(await robots.isAllowed('https://example.com/private/x')).toBe(true);
    expect(await robots.crawlDelaySeconds('https://example.com')).toBe(0.5);
    expect(fake.calls[0].headers).toEqual({ 'user-agent': 'scrapio-server/0.1.0 (+https://github.com/x)' });
  });
});

describe('RobotsCache fetching', () => {
  it('fetches robots.txt once per origin, sharing one in-flight fetch between concurrent callers', async () => {
    const answer = deferred<ReturnType<typeof fakeDocument>>();
    const { robots, fake } = cacheWith({ [ROBOTS_URL]: () => answer.promise, 'http://example.com/robots.txt': { body: 'User-agent: *\nDisallow: /' } });
    const checks = ['/a', '/b', '/private/c', '/d'].map((path) => robots.isAllowed(`https://example.com${path}`));
    answer.resolve(fakeDocument(ROBOTS_URL, { body: ROBOTS }));
    expect(await Promise.all(checks)).toEqual([true, true, false, true]);
    expect(await robots.isAllowed('https://example.com/e')).toBe(true);
    expect(fake.callsTo(ROBOTS_URL)).toBe(1);
    // Scheme and port make another origin with its own robots.txt.
    expect(await robots.isAllowed('http://example.com/a')).toBe(false);
    expect(await robots.isAllowed('https://example.com:8443/a')).toBe(true);
    expect(fake.calls.map((call) => call.url)).toEqual([ROBOTS_URL, 'http://example.com/robots.txt', 'https://example.com:8443/robots.txt']);
  });

  it.each([404, 410, 401, 403])('allows everything when robots.txt answers %i (unavailable)', async (status) => {
    const { robots } = cacheWith({ [ROBOTS_URL]: { status, body: 'User-agent: *\nDisallow: /' } });
    expect(await robots.check('https://example.com/private/x')).toEqual({ allowed: true });
  });

  it.each([500, 503, 429])('disallows everything when robots.txt answers %i (unreachable)', async (status) => {
    const { robots } = cacheWith({ [ROBOTS_URL]: { status, body: '' } });
    const verdict = await robots.check('https://example.com/');
    expect(verdict).toMatchObject({ allowed: false, reason: 'unreachable' });
    expect(verdict.allowed === false && verdict.message).toContain(`HTTP ${status}`);
    expect(await robots.sitemaps('https://example.com')).toEqual([]);
    expect(await robots.crawlDelaySeconds('https://example.com')).toBeUndefined();
  });

  it('disallows everything when robots.txt cannot be fetched, and fetches it again after a while', async () => {
    let now = 0;
    let failing = true;
    const { robots, fake } = cacheWith(
      {
        [ROBOTS_URL]: async (options) => {
          if (failing) throw new ScrapioError('target_unreachable', 'connect ECONNREFUSED');
          return fakeDocument(options.url, { body: 'User-agent: *\nDisallow: /private/' });
        },
      },
      'otherbot',
      { now: () => now },
    );
    expect(await robots.check('https://example.com/')).toMatchObject({ allowed: false, reason: 'unreachable' });
    failing = false;
    now += 60_000;
    expect(await robots.isAllowed('https://example.com/')).toBe(false); // still within the 5-minute failure TTL
    now += 5 * 60_000;
    expect(await robots.isAllowed('https://example.com/')).toBe(true);
    expect(await robots.isAllowed('https://example.com/private/x')).toBe(false);
    expect(fake.callsTo(ROBOTS_URL)).toBe(2);
  });

  it('refetches parsed rules after 24 hours', async () => {
    let now = 0;
    const { robots, fake } = cacheWith({ [ROBOTS_URL]: { body: ROBOTS } }, 'otherbot', { now: () => now });
    await robots.isAllowed('https://example.com/');
    now += 23 * 3600_000;
    await robots.isAllowed('https://example.com/');
    expect(fake.callsTo(ROBOTS_URL)).toBe(1);
    now += 2 * 3600_000;
    await robots.isAllowed('https://example.com/');
    expect(fake.callsTo(ROBOTS_URL)).toBe(2);
  });

  it('treats a network-policy refusal as unavailable, so the page fetch reports the real reason', async () => {
    const { robots } = cacheWith({
      [ROBOTS_URL]: async () => {
        throw new ScrapioError('url_not_allowed', 'loopback is not allowed');
      },
    });
    expect(await robots.isAllowed('https://example.com/x')).toBe(true);
  });

  it('reads only the first 500 KiB, cut at a line break', async () => {
    const filler = `# ${'x'.repeat(98)}\n`.repeat(5200); // ~520 KB of comments
    const body = `User-agent: *\nDisallow: /early/\n${filler}Disallow: /late/\n`;
    const { robots } = cacheWith({ [ROBOTS_URL]: { body } });
    expect(await robots.isAllowed('https://example.com/early/x')).toBe(false);
    expect(await robots.isAllowed('https://example.com/late/x')).toBe(true);
  });

  it('lets a caller stop waiting without failing the shared fetch for others', async () => {
    const answer = deferred<ReturnType<typeof fakeDocument>>();
    const { robots, fake } = cacheWith({ [ROBOTS_URL]: () => answer.promise });
    const controller = new AbortController();
    const impatient = robots.isAllowed('https://example.com/private/x', controller.signal);
    const patient = robots.isAllowed('https://example.com/private/x');
    controller.abort(new Error('job cancelled'));
    await expect(impatient).rejects.toThrow('job cancelled');
    answer.resolve(fakeDocument(ROBOTS_URL, { body: ROBOTS }));
    expect(await patient).toBe(false);
    expect(fake.callsTo(ROBOTS_URL)).toBe(1);
  });

  it('keeps at most maxEntries origins', async () => {
    const fake = createFakeFetch({});
    const robots = new RobotsCache({ fetch: fake.fetch, userAgent: 'otherbot', maxEntries: 2 });
    for (const host of ['a', 'b', 'c', 'a']) await robots.isAllowed(`https://${host}.example/`);
    expect(fake.calls.map((call) => call.url)).toEqual([
      'https://a.example/robots.txt',
      'https://b.example/robots.txt',
      'https://c.example/robots.txt',
      'https://a.example/robots.txt',
    ]);
  });
});
