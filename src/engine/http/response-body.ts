import { pipeline, Readable, type Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { ScrapioError } from '../../errors';

/**
 * Reads a response body into memory, undoing its Content-Encoding (gzip, deflate, br), and stops as soon
 * as the decoded size passes the cap: memory stays bounded even for a decompression bomb.
 */

type ContentCoding = 'gzip' | 'deflate' | 'br';

const CODINGS: Record<string, ContentCoding | 'identity'> = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  br: 'br',
  identity: 'identity',
};

/** What the client announces in accept-encoding: exactly what this file can undo. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

// Like browsers, keep what a truncated stream decoded instead of failing on a missing trailer.
const ZLIB_OPTIONS = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

export async function readResponseBody(body: Readable, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const decoded = await decodeContentEncoding(body, contentEncoding);
    for await (const chunk of decoded) {
      size += chunk.length;
      // Counted after decompression; zlib streams honour backpressure, so only one chunk is ever in flight.
      if (size > maxBytes) throw bodyTooLarge(maxBytes);
      chunks.push(chunk);
    }
  } catch (error) {
    if (!isDecompressionError(error)) throw error;
    throw new ScrapioError('extraction_failed', `The response body could not be decoded (Content-Encoding: ${contentEncoding}): ${(error as Error).message}.`, {
      cause: error,
    });
  } finally {
    body.destroy(); // no-op once fully read; otherwise releases the connection
  }
  return Buffer.concat(chunks, size);
}

/**
 * The body with its Content-Encoding undone, as a stream, for readers that bound their own work (sitemaps).
 * Throws for an unsupported coding; decompression errors surface through the iteration.
 */
export async function decodeContentEncoding(body: Readable, contentEncoding: string | undefined): Promise<Readable> {
  // Codings are listed in the order they were applied: undo the last one first.
  let decoded: Readable = body;
  for (const coding of parseContentCodings(contentEncoding).reverse()) decoded = await decode(decoded, coding);
  return decoded;
}

export function bodyTooLarge(maxBytes: number): ScrapioError {
  return new ScrapioError(
    'extraction_failed',
    `The response body exceeds http.maxResponseBytes (${maxBytes} bytes); raise http.maxResponseBytes in scrapio.config.json to fetch larger documents.`,
  );
}

function parseContentCodings(contentEncoding: string | undefined): ContentCoding[] {
  const names = (contentEncoding ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return names.flatMap((name) => {
    const coding = CODINGS[name];
    if (!coding) {
      throw new ScrapioError('extraction_failed', `The target answered with Content-Encoding "${name}", which is not supported (${ACCEPT_ENCODING} are).`);
    }
    return coding === 'identity' ? [] : [coding];
  });
}

/**
 * Pipes the stream through the decompressor of its coding, chosen after its first bytes (raw or wrapped
 * deflate); an empty body stays empty (204, 304 and HEAD answers often announce an encoding and carry
 * no bytes, which zlib would call truncated). Errors surface through the iteration of the result.
 */
async function decode(encoded: Readable, coding: ContentCoding): Promise<Readable> {
  const chunks: AsyncIterator<Buffer> = encoded[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return Readable.from([]);
  return pipeline(Readable.from(prepend(first.value, chunks)), createDecompressor(coding, first.value), () => {});
}

function createDecompressor(coding: ContentCoding, firstChunk: Buffer): Duplex {
  switch (coding) {
    case 'gzip':
      return zlib.createGunzip(ZLIB_OPTIONS);
    case 'br':
      return zlib.createBrotliDecompress(BROTLI_OPTIONS);
    case 'deflate':
      // HTTP "deflate" means zlib-wrapped (RFC 9110), but some servers send raw deflate, which browsers
      // accept too. A zlib header's low nibble is 8 (the deflate method), which a raw stream would only
      // start with through non-zero padding bits (undici's fetch decides the same way).
      return (firstChunk[0] & 0x0f) === 8 ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
  }
}

/** The chunk already read, then the rest; returning early (size cap) closes the source too. */
export async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield first;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

/** zlib reports Z_* codes; Node's brotli binding reports ERR_ plus the decoder's error name. */
function isDecompressionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(Z_|ERR__ERROR|ERR_BROTLI)/.test(code);
}
