import { toFtsQuery } from '../../../src/page-index/fts-query';

describe('toFtsQuery', () => {
  it.each([
    ['install guide', '"install" AND "guide"'],
    ['"rate limiter" 429', '"rate limiter" AND "429"'],
    ['webho*', '"webho"*'],
    ['"exponential back"*', '"exponential back"*'],
    ['a OR b', '"a" OR "b"'],
    ['a AND b', '"a" AND "b"'],
    ['a b -c', '("a" AND "b") NOT "c"'],
    ['a OR b NOT c', '("a" OR "b") NOT "c"'],
    ['a -"x y"', '("a") NOT "x y"'],
    ['title:x', '"title:x"'],
    ['NEAR(a b)', '"NEAR(a" AND "b)"'],
    ['say "hi', '"say" AND "hi"'],
    ["it's", '"it\'s"'],
    ['OR a OR', '"a"'],
  ])('%s → %s', (input, expected) => {
    expect(toFtsQuery(input)).toBe(expected);
  });

  it.each(['', '   ', '"', '*', '-', ':', 'AND OR NOT', '-a', '😀', '""'])('finds nothing searchable in %j', (input) => {
    expect(toFtsQuery(input)).toBeUndefined();
  });
});
