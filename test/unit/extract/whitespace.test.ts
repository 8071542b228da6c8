import { collapsedLength, collapseWhitespace } from '../../../src/extract/whitespace';

describe('collapsedLength', () => {
  it('is the length of the collapsed text for every code unit JavaScript counts as whitespace or not', () => {
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      const text = `${c}a${c}${c}b ${c}`;
      if (collapsedLength(text) !== collapseWhitespace(text).length) throw new Error(`U+${code.toString(16)} disagrees`);
    }
  });

  it('counts runs and trims', () => {
    expect(collapsedLength('  a \n\t b\u00a0\u00a0c  ')).toBe('a b c'.length);
    expect(collapsedLength(' \n ')).toBe(0);
    expect(collapsedLength('')).toBe(0);
  });
});
