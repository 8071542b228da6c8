import iconv from 'iconv-lite';

/**
 * Turns a fetched body into text with the charset a browser would pick: BOM, then the Content-Type
 * charset, then the document's own declaration (<meta> for HTML, <?xml encoding?> for XML) in its first
 * 4 KB, then UTF-8.
 */

const TEXT_TYPES = new Set(['application/xhtml+xml', 'application/xml', 'application/json']);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const PRESCAN_BYTES = 4096;

/** MIME types whose body is text (parameters already stripped, lowercased). */
export function isTextType(mimeType: string): boolean {
  return mimeType.startsWith('text/') || TEXT_TYPES.has(mimeType) || mimeType.endsWith('+xml') || mimeType.endsWith('+json');
}

/**
 * The body as text, or undefined for binary types. A body without any Content-Type is text when its start
 * starts with a BOM or holds no binary control bytes (WHATWG MIME sniffing), since such pages are mostly HTML.
 */
export function decodeBody(body: Buffer, mimeType: string, contentTypeHeader = ''): string | undefined {
  const isText = mimeType === '' ? bomCharset(body) !== undefined || !hasBinaryBytes(body) : isTextType(mimeType);
  if (!isText) return undefined;
  return decode(body, detectCharset(body, mimeType, contentTypeHeader));
}

/** The charset label the body should be decoded with (not yet validated against known encodings). */
export function detectCharset(body: Buffer, mimeType: string, contentTypeHeader = ''): string {
  return bomCharset(body) ?? headerCharset(contentTypeHeader) ?? declaredCharset(body, mimeType) ?? 'utf-8';
}

function decode(body: Buffer, label: string): string {
  let decoder: TextDecoder | undefined;
  try {
    // TextDecoder knows the WHATWG labels (windows-1251, shift_jis, gbk...) and strips a matching BOM.
    decoder = new TextDecoder(label);
  } catch {
    // Not a WHATWG label: iconv-lite still knows some that real pages send (cp437, cp850...).
    return iconv.encodingExists(label) ? iconv.decode(body, label) : new TextDecoder('utf-8').decode(body);
  }
  // Node 20 decodes windows-1252 (which every latin1/ascii label means) as ISO-8859-1, turning curly
  // quotes and the euro sign into C1 controls; iconv-lite has the real table.
  return decoder.encoding === 'windows-1252' ? iconv.decode(body, 'windows-1252') : decoder.decode(body);
}

function bomCharset(body: Buffer): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return undefined;
}

function headerCharset(contentTypeHeader: string): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(contentTypeHeader);
  const label = (match?.[1] ?? match?.[2])?.trim().toLowerCase();
  return label || undefined;
}

function declaredCharset(body: Buffer, mimeType: string): string | undefined {
  // The declarations are ASCII, so reading the bytes as latin1 finds them in any ASCII-compatible charset.
  const head = body.subarray(0, PRESCAN_BYTES).toString('latin1');
  if (HTML_TYPES.has(mimeType) || mimeType === '') {
    // Covers <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
    const label = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([^\s"'/>;]+)/i.exec(head)?.[1]?.toLowerCase();
    // HTML spec: a UTF-16 declaration in an ASCII-readable document cannot be true; it means UTF-8.
    if (label) return label.startsWith('utf-16') ? 'utf-8' : label;
  }
  if (mimeType.endsWith('xml')) {
    return /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  }
  return undefined;
}

/** Bytes that never appear in text (WHATWG MIME Sniffing, "binary data byte"). */
function hasBinaryBytes(body: Buffer): boolean {
  return body.subarray(0, 512).some((byte) => byte <= 0x08 || byte === 0x0b || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f));
}
