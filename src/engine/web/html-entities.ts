/**
 * Character references in HTML attribute values, as the HTML tokenizer decodes them (WHATWG §13.2.5.72),
 * limited to what appears in link attributes: every numeric reference, and the named references that
 * occur in URLs and link text. Unknown names are left as written, which is also what a browser does
 * for names outside its table.
 */

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  sol: '/',
  colon: ':',
  quest: '?',
  equals: '=',
  num: '#',
  percnt: '%',
  plus: '+',
  comma: ',',
  period: '.',
  lowbar: '_',
  tilde: '~',
  excl: '!',
  commat: '@',
  dollar: '$',
  semi: ';',
  lpar: '(',
  rpar: ')',
  lsqb: '[',
  rsqb: ']',
  verbar: '|',
  bsol: '\\',
  copy: '\u00a9',
  reg: '\u00ae',
};

/** Names that HTML also accepts without the `;` (the legacy subset that matters in URLs). */
const LEGACY_WITHOUT_SEMICOLON = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);

/** Code points 0x80–0x9F of numeric references are read as windows-1252, as browsers do. */
const WINDOWS_1252: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
};

const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,10})|([A-Za-z][A-Za-z0-9]{0,31}))(;?)/g;

export function decodeAttributeValue(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(REFERENCE, (match, hex?: string, dec?: string, name?: string, semicolon?: string, offset?: number) => {
    if (name === undefined) return decodeNumeric(hex !== undefined ? Number.parseInt(hex, 16) : Number(dec));
    const decoded = NAMED[name];
    if (decoded === undefined) return match;
    if (semicolon) return decoded;
    // In attributes a legacy reference without `;` followed by `=` stays literal, so `?a=1&lt=2` keeps `&lt`.
    const next = value.charAt((offset ?? 0) + match.length);
    return LEGACY_WITHOUT_SEMICOLON.has(name) && next !== '=' ? decoded : match;
  });
}

function decodeNumeric(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(WINDOWS_1252[code] ?? code);
}
