import iconv from 'iconv-lite';
import { decodeBody, detectCharset, isTextType } from '../../../../src/engine/http/charset';

describe('charset', () => {
  it('knows which MIME types are text', () => {
    for (const type of [
      'text/html',
      'text/plain',
      'application/xhtml+xml',
      'application/xml',
      'application/json',
      'application/rss+xml',
      'application/ld+json',
    ]) {
      expect(isTextType(type)).toBe(true);
    }
    for (const type of ['image/png', 'application/pdf', 'application/octet-stream']) expect(isTextType(type)).toBe(false);
  });

  it('leaves text undefined for binary types', () => {
    expect(decodeBody(Buffer.from('%PDF-1.7'), 'application/pdf', 'application/pdf')).toBeUndefined();
  });

  it('prefers a BOM over every declaration, and strips it', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<meta charset="windows-1251">é', 'utf8')]);
    expect(detectCharset(body, 'text/html', 'text/html; charset=iso-8859-1')).toBe('utf-8');
    expect(decodeBody(body, 'text/html', 'text/html; charset=iso-8859-1')).toBe('<meta charset="windows-1251">é');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo', 'utf16le')]);
    expect(decodeBody(utf16, 'text/plain', 'text/plain')).toBe('héllo');
  });

  it('uses the Content-Type charset, quoted or not, before the document declaration', () => {
    const body = iconv.encode('<meta charset="utf-8">Привет', 'windows-1251');
    expect(decodeBody(body, 'text/html', 'text/html; charset="windows-1251"')).toBe('<meta charset="utf-8">Привет');
    expect(decodeBody(body, 'text/html', 'text/html;charset=WINDOWS-1251')).toBe('<meta charset="utf-8">Привет');
  });

  it('reads <meta charset> and <meta http-equiv> in the first 4 KB', () => {
    const cyrillic = iconv.encode('<html><head><meta charset=windows-1251></head><body>Привет</body></html>', 'windows-1251');
    expect(decodeBody(cyrillic, 'text/html', 'text/html')).toContain('Привет');
    const japanese = iconv.encode('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>日本語</p>', 'shift_jis');
    expect(decodeBody(japanese, 'text/html', 'text/html')).toContain('日本語');
    const late = Buffer.concat([Buffer.from(' '.repeat(5000)), iconv.encode('<meta charset="gbk">中文', 'gbk')]);
    expect(detectCharset(late, 'text/html', 'text/html')).toBe('utf-8');
  });

  it('treats a UTF-16 <meta> declaration as UTF-8, as the HTML spec says', () => {
    expect(detectCharset(Buffer.from('<meta charset="utf-16"><p>x'), 'text/html')).toBe('utf-8');
  });

  it('reads the XML declaration of XML types', () => {
    const body = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><a>café</a>', 'latin1');
    expect(decodeBody(body, 'application/rss+xml', 'application/rss+xml')).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><a>café</a>');
  });

  it('decodes windows-1252 text (latin1 labels mean windows-1252, as in browsers)', () => {
    const body = Buffer.from([0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x94, 0x20, 0x80]);
    expect(decodeBody(body, 'text/plain', 'text/plain; charset=iso-8859-1')).toBe('\u201cquote\u201d \u20ac');
  });

  it('falls back to iconv-lite for labels TextDecoder does not know, and to UTF-8 for unknown ones', () => {
    const body = iconv.encode('Ç', 'cp437');
    expect(decodeBody(body, 'text/plain', 'text/plain; charset=cp437')).toBe('Ç');
    expect(decodeBody(Buffer.from('é'), 'text/plain', 'text/plain; charset=no-such-charset')).toBe('é');
  });

  it('sniffs a body sent without Content-Type: text unless it holds binary bytes', () => {
    expect(decodeBody(Buffer.from('<!doctype html><p>ok'), '')).toBe('<!doctype html><p>ok');
    expect(decodeBody(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), '')).toBeUndefined();
  });
});
