import { dedupeKey, normalizeUrl, sameSiteAsAny } from '../../../../src/engine/web/url-normalizer';

describe('normalizeUrl', () => {
  it('resolves relative references against the base', () => {
    expect(normalizeUrl('b/c', 'https://example.com/a/index.html')).toBe('https://example.com/a/b/c');
    expect(normalizeUrl('../x?y=1', 'https://example.com/a/b/')).toBe('https://example.com/a/x?y=1');
    expect(normalizeUrl('//cdn.example.com/p', 'https://example.com/')).toBe('https://cdn.example.com/p');
    expect(normalizeUrl('  /trimmed\n ', 'https://example.com/')).toBe('https://example.com/trimmed');
  });

  it('accepts only http and https', () => {
    for (const raw of ['mailto:a@example.com', 'javascript:void(0)', 'tel:+123', 'data:text/html,hi', 'ftp://example.com/f', 'file:///etc/passwd']) {
      expect(normalizeUrl(raw, 'https://example.com/')).toBeNull();
    }
    expect(normalizeUrl('not a url')).toBeNull();
    expect(normalizeUrl('/relative-without-base')).toBeNull();
  });

  it('drops the fragment, lowercases scheme and host, drops default ports only', () => {
    expect(normalizeUrl('HTTP://Example.COM:80/Path#section')).toBe('http://example.com/Path');
    expect(normalizeUrl('https://example.com:443/')).toBe('https://example.com/');
    expect(normalizeUrl('https://example.com:80/')).toBe('https://example.com:80/');
    expect(normalizeUrl('http://example.com:8080')).toBe('http://example.com:8080/');
  });

  it('keeps the query order and drops only an empty query', () => {
    expect(normalizeUrl('https://example.com/s?b=2&a=1&b=1')).toBe('https://example.com/s?b=2&a=1&b=1');
    expect(normalizeUrl('https://example.com/s?')).toBe('https://example.com/s');
    expect(normalizeUrl('https://example.com/s?#top')).toBe('https://example.com/s');
    expect(normalizeUrl('https://example.com/s?a=')).toBe('https://example.com/s?a=');
  });

  it('uppercases percent-encoding hex and decodes unreserved characters', () => {
    expect(normalizeUrl('https://example.com/%7euser/%41%2d%5F%2e')).toBe('https://example.com/~user/A-_.');
    expect(normalizeUrl('https://example.com/a%2fb%3a')).toBe('https://example.com/a%2Fb%3A');
    expect(normalizeUrl('https://example.com/caf%c3%a9')).toBe('https://example.com/caf%C3%A9');
    expect(normalizeUrl('https://example.com/café')).toBe('https://example.com/caf%C3%A9');
    expect(normalizeUrl('https://example.com/q?x=%7e%2b%26')).toBe('https://example.com/q?x=~%2B%26');
    expect(normalizeUrl('https://example.com/bad%zz')).toBe('https://example.com/bad%zz');
  });

  it('keeps double slashes and index file names (see dedupeKey)', () => {
    expect(normalizeUrl('https://example.com/a//b')).toBe('https://example.com/a//b');
    expect(normalizeUrl('https://example.com/docs/index.html')).toBe('https://example.com/docs/index.html');
    expect(normalizeUrl('https://example.com/a/./b/../c')).toBe('https://example.com/a/c');
  });

  it('is idempotent', () => {
    const samples = [
      'HTTP://Example.COM:80/%7efoo/%2e%2E/bar?x=%7A&y=%2f#f',
      'https://example.com/caf%c3%a9?',
      'https://xn--bcher-kva.example/%41',
      'https://bücher.example/a b',
      'https://example.com/a/.%2E/b',
    ];
    for (const raw of samples) {
      const once = normalizeUrl(raw);
      expect(once).not.toBeNull();
      expect(normalizeUrl(once!)).toBe(once);
    }
  });

  it('refuses overlong URLs (crawler traps)', () => {
    expect(normalizeUrl(`https://example.com/${'a'.repeat(9000)}`)).toBeNull();
  });
});

describe('dedupeKey', () => {
  const key = (raw: string) => dedupeKey(normalizeUrl(raw)!);

  it('treats trailing-slash and index-file variants as one page', () => {
    expect(key('https://example.com/a')).toBe(key('https://example.com/a/'));
    expect(key('https://example.com/a/index.html')).toBe(key('https://example.com/a'));
    expect(key('https://example.com/a/index.htm')).toBe(key('https://example.com/a/'));
    expect(key('https://example.com/index.php?p=2')).toBe(key('https://example.com/?p=2'));
    expect(key('https://example.com/index.html')).toBe(key('https://example.com'));
  });

  it('keeps apart what may be different pages', () => {
    expect(key('https://example.com/a/Index.html')).not.toBe(key('https://example.com/a/'));
    expect(key('https://example.com/a/myindex.html')).not.toBe(key('https://example.com/a/'));
    expect(key('https://example.com/a?x=1')).not.toBe(key('https://example.com/a?x=2'));
    expect(key('http://example.com/a')).not.toBe(key('https://example.com/a'));
    expect(key('https://example.com/a/index.html/b')).not.toBe(key('https://example.com/a/b'));
  });
});

describe('sameSiteAsAny with one seed', () => {
  it('ignores www., scheme and port by default', () => {
    expect(sameSiteAsAny(['https://example.com/a'])('http://www.example.com:8080/b')).toBe(true);
    expect(sameSiteAsAny(['https://WWW.example.com/'])('https://example.com/')).toBe(true);
  });

  it('treats subdomains and other domains as other sites', () => {
    expect(sameSiteAsAny(['https://example.com/'])('https://blog.example.com/')).toBe(false);
    expect(sameSiteAsAny(['https://example.com/'])('https://example.org/')).toBe(false);
    expect(sameSiteAsAny(['https://www.com/'])('https://com/')).toBe(false);
  });

  it('compares exact hostnames in exact-host mode', () => {
    expect(sameSiteAsAny(['https://example.com/'], 'exact-host')('https://www.example.com/')).toBe(false);
    expect(sameSiteAsAny(['https://example.com/'], 'exact-host')('http://example.com:81/')).toBe(true);
  });

  it('is false for unparsable URLs', () => {
    expect(sameSiteAsAny(['nope'])('https://example.com/')).toBe(false);
  });
});

test('sameSiteAsAny: in scope when on the site of any seed; unparseable URLs are not', () => {
  const inScope = sameSiteAsAny(['https://www.example.com/start', 'http://docs.example.org/', 'not a url']);
  expect(inScope('http://example.com/a')).toBe(true);
  expect(inScope('https://docs.example.org:8443/b')).toBe(true);
  expect(inScope('https://example.org/')).toBe(false);
  expect(inScope('mailto:x@example.com')).toBe(false);
  expect(inScope('::')).toBe(false);
});
