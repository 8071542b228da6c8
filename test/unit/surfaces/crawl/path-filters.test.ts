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

  it('matches the catastrophic-backtracking shapes in linear time instead of refusing them', () => {
    // Each pattern would take minutes in V8's backtracking engine on this path (every extra "a" doubles it).
    const hostile = `https://example.com/${'a'.repeat(33)}!`;
    const patterns = ['^/(a|a)*$', '^/(\\w|a)*$', `^/${'a*'.repeat(20)}$`, '^/(a+)+$', '^/(.*)*x', '^/((a)*c)+', '^/(?:[a-z]+/?)*end', '^/(\\w+/?)*$'];
    const started = performance.now();
    for (const pattern of patterns) {
      expect(filterFor({ includePaths: [pattern] })(hostile)).toBe(false);
      expect(filterFor({ excludePaths: [pattern] })(hostile)).toBe(true);
    }
    expect(filterFor({ includePaths: ['^/(a|a)*$'] })(`https://example.com/${'a'.repeat(33)}`)).toBe(true);
    expect(filterFor({ includePaths: ['(\\w+/)*end'] })('https://example.com/docs/v1/end')).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('keeps the time of one check bounded on long paths, treating a check over budget as out of scope', () => {
    const long = `https://example.com/${'ab'.repeat(3000)}`;
    const started = performance.now();
    // (a|b)*a(a|b){100}$ makes RE2 track ~200 states per character; 6,000 characters stay within budget.
    expect(filterFor({ includePaths: ['(a|b)*a(a|b){100}$'] })(long)).toBe(false);
    expect(filterFor({ includePaths: ['(a|b)*b(a|b){100}$'] })(long)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
    // Ten such patterns would exceed it: the URL is left out rather than checked for seconds.
    const many = Array.from({ length: 10 }, (_, i) => `(a|b)*b(a|b){${90 + i}}$`);
    expect(filterFor({ includePaths: many })(long)).toBe(false);
    expect(filterFor({ includePaths: many })('https://example.com/ab')).toBe(false);
    expect(filterFor({ includePaths: many })(`https://example.com/${'ab'.repeat(150)}`)).toBe(true);
  });

  it('refuses what RE2 cannot match in linear time, naming the pattern and why', () => {
    expect(refusal({ includePaths: ['^/(a)\\1'] })).toMatch(
      /^include_paths\[0\] "\^\/\(a\)\\\\1" cannot be matched in linear time \(.*\\1.*\); .*backreferences/,
    );
    expect(refusal({ excludePaths: ['/ok', '^/(?=admin)'] })).toMatch(/^exclude_paths\[1\] .* cannot be matched in linear time .*lookahead/);
    expect(refusal({ includePaths: ['(?<!x)y'] })).toMatch(/cannot be matched in linear time/);
    expect(refusal({ includePaths: ['(a{1,1000}){1,1000}$'] })).toMatch(/^include_paths\[0\] .* cannot be matched in linear time \(.*too large/);
    expect(refusal({ includePaths: ['^/[a-z]{1,999}$'] })).toMatch(/compiles to \d+ RE2 instructions; at most 1000/);
  });

  it('accepts ordinary patterns', () => {
    for (const pattern of [
      '^/blog/.*',
      '(?:foo|bar)+',
      '(a+)?',
      '(a+)b+',
      '[(a+)]+',
      '\\(a+\\)+',
      '(a{2,3})+',
      '^/docs/(v\\d+)/',
      '(?<lang>en|de)/',
      '\\/x',
      '^/p/\\d{1,6}$',
    ]) {
      expect(compilePathFilter({ includePaths: [pattern] }).ok).toBe(true);
    }
    const filter = filterFor({ includePaths: ['^/docs/(v\\d+)/', '(?<lang>en|de)/'] });
    expect(filter('https://example.com/docs/v12/intro')).toBe(true);
    expect(filter('https://example.com/site/de/start')).toBe(true);
    expect(filter('https://example.com/docs/latest/intro')).toBe(false);
  });
});
