import { collapsedLength, collapseWhitespace } from '../../../../src/extract/dom/whitespace';

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

describe('collapseWhitespace', () => {
  const reference = (text: string): string => text.replace(/\s+/g, ' ').trim();

  it('collapses like a plain replace and trim, for every code unit around every kind of gap', () => {
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      for (const text of [`${c}a${c}${c}b ${c}`, `a${c}b`, `a ${c}b`, `${c}`, `a b${c}`, `${c}a b`]) {
        if (collapseWhitespace(text) !== reference(text)) throw new Error(`U+${code.toString(16)} in ${JSON.stringify(text)}`);
      }
    }
  });

  it('returns text that is collapsed already as it is', () => {
    expect(collapseWhitespace('one two three')).toBe('one two three');
    expect(collapseWhitespace(' one  two\tthree\n')).toBe('one two three');
    expect(collapseWhitespace('a\u00a0b')).toBe('a b');
    expect(collapseWhitespace('')).toBe('');
  });
});
