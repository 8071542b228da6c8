import { compilePathFilter, type PathFilter, type PathFilterSpec } from '../../../../src/surfaces/crawl/path-filters';

function filterFor(spec: PathFilterSpec): PathFilter {
  const result = compilePathFilter(spec);
  if (!result.ok) throw new Error(result.message);
  return result.filter;
}

function refusal(spec: PathFilterSpec): string {
  const result = compilePathFilter(spec);
  if (result.ok) throw new Error('expected a refusal');
  return result.message;
}

describe('compilePathFilter', () => {
  it('passes everything without patterns', () => {
    expect(filterFor({})('https://example.com/anything?x=1')).toBe(true);
  });

  it('requires one include match and no exclude match, on the path only', () => {
    const filter = filterFor({ includePaths: ['^/blog/', '^/docs/'], excludePaths: ['/drafts?/', '\\.pdf$'] });
    expect(filter('https://example.com/blog/post-1')).toBe(true);
    expect(filter('https://example.com/docs/a?ref=/blog/')).toBe(true);
    expect(filter('https://example.com/about')).toBe(false);
    expect(filter('https://example.com/about?next=/blog/')).toBe(false); // the query is not the path
    expect(filter('https://example.com/blog/drafts/post')).toBe(false);
    expect(filter('https://example.com/docs/manual.pdf')).toBe(false);
    expect(filter('not a url')).toBe(false);
  });

  it('matches unanchored, against the percent-encoded path', () => {
    const filter = filterFor({ includePaths: ['caf%C3%A9'] });
    expect(filter('https://example.com/menu/caf%C3%A9/today')).toBe(true);
    expect(filter('https://example.com/menu/cafe')).toBe(false);
  });

  it('gives the same answer on every call (no stateful flags)', () => {
    const filter = filterFor({ includePaths: ['/a'] });
    expect([1, 2, 3].map(() => filter('https://example.com/a'))).toEqual([true, true, true]);
  });

  it('names the field, index and pattern of an invalid regex', () => {
    expect(refusal({ includePaths: ['^/ok/'], excludePaths: ['/fine', '/(unclosed'] })).toMatch(
      /^exclude_paths\[1\] "\/\(unclosed" is not a valid JavaScript regular expression: .*Unterminated group/,
    );
    expect(refusal({ includePaths: ['(?i)/blog'] })).toMatch(/^include_paths\[0\] "\(\?i\)\/blog" is not a valid/);
  });

  it('refuses overlong patterns and too many patterns', () => {
    expect(refusal({ includePaths: ['a'.repeat(501)] })).toMatch(/^include_paths\[0\] "a{80}…" is 501 characters long; at most 500/);
    expect(refusal({ excludePaths: Array.from({ length: 101 }, (_, i) => `/p${i}`) })).toBe('exclude_paths has 101 patterns; at most 100 are allowed.');
  });

  it('refuses nested unbounded repetition, the shape of catastrophic backtracking', () => {
    for (const pattern of ['(a+)+$', '^/(.*)*x', '((ab)*c)+', '(x+){2,}', '(?:[a-z]+/)*end']) {
      expect(refusal({ includePaths: [pattern] })).toMatch(/repeats a group that itself contains an unbounded repetition/);
    }
  });

  it('accepts repetition that cannot nest', () => {
    for (const pattern of ['^/blog/.*', '(?:foo|bar)+', '(a+)?', '(a+)b+', '[(a+)]+', '\\(a+\\)+', '(a{2,3})+', '^/docs/(v\\d+)/']) {
      expect(compilePathFilter({ includePaths: [pattern] }).ok).toBe(true);
    }
  });
});
