import { comparableText, diffContent } from '../../../src/monitors/content-diff';
import { compileIgnorePatterns } from '../../../src/monitors/ignore-patterns';

const keep = (line: string) => line;
const labels = { previous: 'mrun_a', current: 'mrun_b' };

describe('diffContent', () => {
  it('is undefined for equal text, trailing blanks aside', () => {
    expect(diffContent('# Title\n\nBody', '# Title\n\nBody  \n\n', keep, labels)).toBeUndefined();
  });

  it('gives a unified diff with added and removed line counts', () => {
    const diff = diffContent('a\nb\nc', 'a\nB\nc\nd', keep, labels)!;
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
    expect(diff.unified).toContain('--- previous\tmrun_a');
    expect(diff.unified).toContain('+++ current\tmrun_b');
    expect(diff.unified).toContain('-b\n+B\n c\n+d');
  });

  it('removes what ignore_patterns match before comparing, so only the rest of a line counts', () => {
    const compiled = compileIgnorePatterns(['Updated \\d{2}:\\d{2}', 'views: \\d+']);
    if (!compiled.ok) throw new Error(compiled.message);
    expect(diffContent('Price 10 · Updated 12:01\nviews: 5', 'Price 10 · Updated 12:09\nviews: 17', compiled.scrub, labels)).toBeUndefined();
    const diff = diffContent('Price 10 · Updated 12:01', 'Price 11 · Updated 12:09', compiled.scrub, labels)!;
    expect(diff).toMatchObject({ added: 1, removed: 1 });
    expect(diff.unified).toContain('+Price 11 ·\n');
    expect(comparableText('x Updated 10:00 y', compiled.scrub)).toBe('x  y\n');
  });
});

describe('compileIgnorePatterns', () => {
  it('refuses what RE2 cannot run in linear time, invalid regexes, and too many patterns', () => {
    expect(compileIgnorePatterns(['(a)\\1'])).toMatchObject({ ok: false, message: expect.stringContaining('linear time') });
    expect(compileIgnorePatterns(['(?<=a)b'])).toMatchObject({ ok: false });
    expect(compileIgnorePatterns(['('])).toMatchObject({ ok: false, message: expect.stringContaining('not a valid JavaScript regular expression') });
    expect(compileIgnorePatterns([''])).toMatchObject({ ok: false });
    expect(compileIgnorePatterns(Array.from({ length: 51 }, () => 'x'))).toMatchObject({ ok: false, message: expect.stringContaining('at most 50') });
  });

  it('runs a pattern that backtracks exponentially in V8 in linear time', () => {
    const compiled = compileIgnorePatterns(['(a+)+$']);
    if (!compiled.ok) throw new Error(compiled.message);
    // No match (the line does not end in "a"): V8 would try 2^5000 ways before saying so.
    const line = `${'a'.repeat(5000)}!`;
    expect(compiled.scrub(line)).toBe(line);
    expect(compiled.scrub('xaaa')).toBe('x');
  });
});
