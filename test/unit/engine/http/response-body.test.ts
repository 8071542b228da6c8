import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { ScrapioError } from '../../../../src/errors';
import { readResponseBody } from '../../../../src/engine/http/response-body';

/** A body stream in small chunks, recording how much of it was pulled. */
function chunked(data: Buffer, chunkSize = 16 * 1024) {
  const state = { pulled: 0 };
  const stream = Readable.from(
    (function* () {
      for (let offset = 0; offset < data.length; offset += chunkSize) {
        state.pulled += Math.min(chunkSize, data.length - offset);
        yield data.subarray(offset, offset + chunkSize);
      }
    })(),
  );
  return { stream, state };
}

const text = Buffer.from('Hello, compressed world! '.repeat(200));

describe('readResponseBody', () => {
  it.each([
    ['gzip', 'gzip', zlib.gzipSync(text)],
    ['x-gzip', 'x-gzip', zlib.gzipSync(text)],
    ['zlib deflate', 'deflate', zlib.deflateSync(text)],
    ['raw deflate (as some servers send it)', 'deflate', zlib.deflateRawSync(text)],
    ['br', 'br', zlib.brotliCompressSync(text)],
    ['gzip then br', 'gzip, br', zlib.brotliCompressSync(zlib.gzipSync(text))],
    ['identity', 'identity', text],
    ['no encoding', undefined, text],
  ])('decodes %s', async (_label, encoding, data) => {
    expect((await readResponseBody(chunked(data, 100).stream, encoding, 1_000_000)).equals(text)).toBe(true);
  });

  it('passes an empty body with an encoding through (HEAD, 204, 304)', async () => {
    expect((await readResponseBody(Readable.from([]), 'gzip', 10)).length).toBe(0);
  });

  it('fails on a body over the cap', async () => {
    const error = await readResponseBody(Readable.from([Buffer.alloc(11)]), undefined, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScrapioError);
    expect((error as ScrapioError).code).toBe('extraction_failed');
    expect((error as ScrapioError).message).toContain('http.maxResponseBytes (10 bytes)');
  });

  it('stops a gzip decompression bomb at the cap, without inflating it or reading it all', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in about 64 KB
    const { stream, state } = chunked(bomb, 1024);
    const error = await readResponseBody(stream, 'gzip', 1024 * 1024).catch((e: unknown) => e);
    expect((error as ScrapioError).code).toBe('extraction_failed');
    expect(state.pulled).toBeLessThan(bomb.length / 2);
    expect(stream.destroyed).toBe(true);
  });

  it('stops a brotli bomb whose whole body is one small chunk, without inflating it', async () => {
    const bomb = zlib.brotliCompressSync(Buffer.alloc(256 * 1024 * 1024), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }); // 256 MiB in a few KB
    const before = process.memoryUsage().rss;
    const error = await readResponseBody(Readable.from([bomb]), 'br', 1024 * 1024).catch((e: unknown) => e);
    expect((error as ScrapioError).code).toBe('extraction_failed');
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('reports a corrupt body as extraction_failed naming the encoding', async () => {
    const error = await readResponseBody(Readable.from([Buffer.from('not gzip at all')]), 'gzip', 1000).catch((e: unknown) => e);
    expect((error as ScrapioError).code).toBe('extraction_failed');
    expect((error as ScrapioError).message).toContain('Content-Encoding: gzip');
  });

  it('refuses an encoding it cannot undo', async () => {
    const error = await readResponseBody(Readable.from([Buffer.from('x')]), 'zstd', 1000).catch((e: unknown) => e);
    expect((error as ScrapioError).message).toContain('"zstd"');
  });

  it('passes stream errors (a reset connection) through unchanged', async () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const failing = () =>
      new Readable({
        read() {
          this.destroy(reset);
        },
      });
    await expect(readResponseBody(failing(), 'gzip', 1000)).rejects.toBe(reset);
    await expect(readResponseBody(failing(), undefined, 1000)).rejects.toBe(reset);
    const midway = Readable.from(
      (async function* () {
        yield zlib.gzipSync(text).subarray(0, 20);
        throw reset;
      })(),
    );
    await expect(readResponseBody(midway, 'gzip', 1000)).rejects.toBe(reset);
  });
});
