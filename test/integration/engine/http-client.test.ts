import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { ScrapioError } from '../../../src/errors';
import { HttpClient, type HttpClientOptions, type HttpRequestOptions } from '../../../src/engine/http/http-client';
import { NetworkPolicy, type NetworkPolicyOptions } from '../../../src/engine/network/network-policy';

// A fixture server on 127.0.0.1, reached through the allow-list (never by turning the policy off). Every
// refused target below is refused before a connection, and no test sends traffic outside loopback.

const PAGE = '<!doctype html><html><head><title>Fixture</title></head><body><p>Hello fixture</p></body></html>';

let server: http.Server;
let port: number;
let base: string;
let connections = 0;
/** Bytes the /endless route managed to write before the client hung up. */
let endlessBytesWritten = 0;
let endlessClosed: Promise<void>;

function route(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
  const url = new URL(req.url ?? '/', base);
  const send = (status: number, headers: http.OutgoingHttpHeaders, payload: string | Buffer = '') => {
    res.writeHead(status, headers);
    res.end(payload);
  };
  switch (url.pathname) {
    case '/plain':
      return send(200, { 'content-type': 'text/html; charset=utf-8' }, PAGE);
    case '/echo':
      return send(200, { 'content-type': 'application/json' }, JSON.stringify({ method: req.method, headers: req.headers, body: body.toString() }));
    case '/gzip':
      return send(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }, zlib.gzipSync(PAGE));
    case '/br':
      return send(200, { 'content-type': 'text/html', 'content-encoding': 'br' }, zlib.brotliCompressSync(PAGE));
    case '/deflate':
      return send(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }, zlib.deflateSync(PAGE));
    case '/cp1252':
      return send(200, { 'content-type': 'text/plain; charset=windows-1252' }, iconv.encode('“Café” costs 5 €', 'windows-1252'));
    case '/cp1251-meta':
      return send(
        200,
        { 'content-type': 'text/html' },
        iconv.encode(
          '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>Привет, мир</body></html>',
          'windows-1251',
        ),
      );
    case '/bom':
      return send(200, { 'content-type': 'text/html' }, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>Grüße</p>')]));
    case '/image':
      return send(200, { 'content-type': 'image/png' }, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]));
    case '/missing':
      return send(404, { 'content-type': 'text/html' }, '<h1>Not here</h1>');
    case '/chain': {
      const left = Number(url.searchParams.get('left'));
      return left > 0 ? send(302, { location: `/chain?left=${left - 1}` }) : send(200, { 'content-type': 'text/plain' }, 'end of chain');
    }
    case '/loop':
      return send(302, { location: '/loop' });
    case '/to':
      return send(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('location')! });
    case '/stall':
      return; // never answers
    case '/stall-body':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><body>first bytes, then nothing');
      return;
    case '/announced':
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(100 * 1024 * 1024) });
      res.write('<html>');
      return;
    case '/endless':
      return writeEndlessly(res);
    default:
      return send(404, {}, 'no such fixture');
  }
}

/** 64 KiB chunks for as long as the client reads, up to 256 MiB, counting what was written. */
function writeEndlessly(res: http.ServerResponse): void {
  endlessBytesWritten = 0;
  endlessClosed = new Promise((resolve) => res.on('close', resolve));
  res.writeHead(200, { 'content-type': 'text/plain' });
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const pump = () => {
    while (!res.destroyed && endlessBytesWritten < 256 * 1024 * 1024) {
      endlessBytesWritten += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

const clients: HttpClient[] = [];

function clientWith(policy: NetworkPolicyOptions, options: Partial<HttpClientOptions> = {}): HttpClient {
  const client = new HttpClient({
    policy: new NetworkPolicy(policy),
    userAgent: 'scrapio-test/1.0',
    maxResponseBytes: 1024 * 1024,
    maxRedirects: 5,
    ...options,
  });
  clients.push(client);
  return client;
}

async function failure(client: HttpClient, options: HttpRequestOptions): Promise<ScrapioError> {
  const error = await client.request(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScrapioError);
  return error as ScrapioError;
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => route(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('HttpClient against a fixture server (allow-list 127.0.0.1)', () => {
  let client: HttpClient;
  beforeAll(() => {
    client = clientWith({ allow: ['127.0.0.1'] });
  });

  it('fetches a page with its status, headers, type and text', async () => {
    const doc = await client.request({ url: `${base}/plain`, timeoutMs: 5000 });
    expect(doc).toMatchObject({
      requestedUrl: `${base}/plain`,
      finalUrl: `${base}/plain`,
      statusCode: 200,
      contentType: 'text/html',
      text: PAGE,
      redirects: [],
    });
    expect(doc.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(doc.body.toString()).toBe(PAGE);
  });

  it('sends the default headers, which the caller can override', async () => {
    const doc = await client.request({ url: `${base}/echo`, timeoutMs: 5000, headers: { 'Accept-Language': 'de', 'X-Extra': '1' } });
    const { headers } = JSON.parse(doc.text!);
    expect(headers).toMatchObject({ 'user-agent': 'scrapio-test/1.0', 'accept-language': 'de', 'x-extra': '1', 'accept-encoding': 'gzip, deflate, br' });
    expect(headers.accept).toContain('text/html');
  });

  it('posts a body', async () => {
    const doc = await client.request({
      url: `${base}/echo`,
      method: 'POST',
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      timeoutMs: 5000,
    });
    expect(JSON.parse(doc.text!)).toMatchObject({ method: 'POST', body: 'a=1' });
  });

  it.each(['gzip', 'br', 'deflate'])('decodes a %s body', async (encoding) => {
    const doc = await client.request({ url: `${base}/${encoding}`, timeoutMs: 5000 });
    expect(doc.text).toBe(PAGE);
    expect(doc.headers['content-encoding']).toBe(encoding);
  });

  it('decodes text by the Content-Type charset (windows-1252)', async () => {
    expect((await client.request({ url: `${base}/cp1252`, timeoutMs: 5000 })).text).toBe('“Café” costs 5 €');
  });

  it('decodes text by <meta http-equiv> (windows-1251)', async () => {
    expect((await client.request({ url: `${base}/cp1251-meta`, timeoutMs: 5000 })).text).toContain('Привет, мир');
  });

  it('decodes text by its BOM', async () => {
    expect((await client.request({ url: `${base}/bom`, timeoutMs: 5000 })).text).toBe('<p>Grüße</p>');
  });

  it('leaves text undefined for a binary type', async () => {
    const doc = await client.request({ url: `${base}/image`, timeoutMs: 5000 });
    expect(doc.text).toBeUndefined();
    expect(doc.body).toHaveLength(9);
  });

  it('returns non-2xx answers as documents', async () => {
    const doc = await client.request({ url: `${base}/missing`, timeoutMs: 5000 });
    expect(doc.statusCode).toBe(404);
    expect(doc.text).toBe('<h1>Not here</h1>');
  });

  it('follows a redirect chain and lists the hops', async () => {
    const doc = await client.request({ url: `${base}/chain?left=3`, timeoutMs: 5000 });
    expect(doc.text).toBe('end of chain');
    expect(doc.finalUrl).toBe(`${base}/chain?left=0`);
    expect(doc.redirects).toEqual([`${base}/chain?left=3`, `${base}/chain?left=2`, `${base}/chain?left=1`]);
  });

  it('returns the redirect itself when asked not to follow', async () => {
    const doc = await client.request({ url: `${base}/chain?left=1`, timeoutMs: 5000, followRedirects: false });
    expect(doc.statusCode).toBe(302);
    expect(doc.headers.location).toBe('/chain?left=0');
  });

  it('fails a redirect loop after http.maxRedirects hops', async () => {
    const error = await failure(client, { url: `${base}/loop`, timeoutMs: 5000 });
    expect(error.code).toBe('target_unreachable');
    expect(error.message).toMatch(/too many redirects/i);
    expect(error.message).toContain('http.maxRedirects is 5');
  });

  it('turns a POST into a GET on 303 and keeps it on 307', async () => {
    const post = { method: 'POST' as const, body: 'x=1', timeoutMs: 5000 };
    const after303 = await client.request({ ...post, url: `${base}/to?status=303&location=/echo` });
    expect(JSON.parse(after303.text!)).toMatchObject({ method: 'GET', body: '' });
    const after307 = await client.request({ ...post, url: `${base}/to?status=307&location=/echo` });
    expect(JSON.parse(after307.text!)).toMatchObject({ method: 'POST', body: 'x=1' });
  });

  it('reaches localhost through the allow-list by address, dropping credentials on the cross-origin hop', async () => {
    const location = encodeURIComponent(`http://localhost:${port}/echo`);
    const doc = await client.request({ url: `${base}/to?location=${location}`, headers: { cookie: 'session=1' }, timeoutMs: 5000 });
    expect(doc.finalUrl).toBe(`http://localhost:${port}/echo`);
    expect(JSON.parse(doc.text!).headers.cookie).toBeUndefined();
  });

  it('times out a server that never answers', async () => {
    const started = Date.now();
    const error = await failure(client, { url: `${base}/stall`, timeoutMs: 300 });
    expect(error.code).toBe('timeout');
    expect(error.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('times out a body that stops halfway (one deadline for headers and body)', async () => {
    expect((await failure(client, { url: `${base}/stall-body`, timeoutMs: 300 })).code).toBe('timeout');
  });

  it("fails with cancelled when the caller aborts, and with the caller's ScrapioError when that is the reason", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect((await failure(client, { url: `${base}/stall`, timeoutMs: 5000, signal: controller.signal })).code).toBe('cancelled');
    const reason = new ScrapioError('timeout', 'job timeout_ms reached', { timedOut: true });
    expect(await failure(client, { url: `${base}/stall`, timeoutMs: 5000, signal: AbortSignal.abort(reason) })).toBe(reason);
  });

  it('stops reading a body over the cap without reading it all', async () => {
    const error = await failure(client, { url: `${base}/endless`, timeoutMs: 10000, maxResponseBytes: 256 * 1024 });
    expect(error.code).toBe('extraction_failed');
    expect(error.message).toContain('http.maxResponseBytes (262144 bytes)');
    await endlessClosed;
    expect(endlessBytesWritten).toBeLessThan(16 * 1024 * 1024);
  });

  it('refuses a body whose Content-Length announces more than the cap', async () => {
    const error = await failure(client, { url: `${base}/announced`, timeoutMs: 5000 });
    expect(error.message).toContain('http.maxResponseBytes (1048576 bytes)');
  });

  it('answers target_unreachable for a closed port', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(client, { url: `http://127.0.0.1:${closedPort}/`, timeoutMs: 5000 });
    expect(error.code).toBe('target_unreachable');
    expect(error.message).toContain(`127.0.0.1:${closedPort} refused the connection`);
    expect(error.cause).toBeDefined();
  });

  it('answers target_unreachable for a failed TLS handshake (https to a plain HTTP port)', async () => {
    const error = await failure(client, { url: `https://127.0.0.1:${port}/plain`, timeoutMs: 5000 });
    expect(error.code).toBe('target_unreachable');
    expect(error.message).toContain('the TLS connection to 127.0.0.1 failed');
  });
});

describe('HttpClient redirects refused by the policy (allow-list 127.0.0.1:PORT only)', () => {
  let client: HttpClient;
  beforeAll(() => {
    client = clientWith({ allow: [`127.0.0.1:${port}`] });
  });

  it.each([
    ['http://2130706433/', 'loopback'], // 127.0.0.1:80, not the allowed port
    ['http://[::1]:PORT/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'ipv4-mapped loopback'],
    ['http://127.0.0.2:PORT/', 'loopback'],
    ['http://localhost:1/', 'localhost'],
  ])('refuses a redirect to %s before connecting', async (target, rule) => {
    const before = connections;
    const location = encodeURIComponent(target.replace('PORT', String(port)));
    const error = await failure(client, { url: `${base}/to?location=${location}`, timeoutMs: 5000 });
    expect(error.code).toBe('url_not_allowed');
    expect(error.message).toContain(`Redirect from ${base}/to`);
    expect(error.message).toContain(`rule: ${rule};`);
    expect(connections - before).toBeLessThanOrEqual(1); // at most the (kept-alive) first hop
  });

  it.each(['file:///etc/passwd', 'gopher://127.0.0.1:70/'])('refuses a cross-scheme redirect to %s', async (target) => {
    const error = await failure(client, { url: `${base}/to?location=${encodeURIComponent(target)}`, timeoutMs: 5000 });
    expect(error.code).toBe('url_not_allowed');
    expect(error.message).toContain(`"${new URL(target).protocol}"`);
  });
});

describe('HttpClient refusals before any connection', () => {
  it('refuses 127.0.0.1 with an empty allow-list', async () => {
    const before = connections;
    const error = await failure(clientWith({ allow: [] }), { url: `${base}/plain`, timeoutMs: 5000 });
    expect(error.code).toBe('url_not_allowed');
    expect(error.message).toContain('rule: loopback;');
    expect(connections).toBe(before);
  });

  it('refuses localhost with an empty allow-list', async () => {
    const error = await failure(clientWith({ allow: [] }), { url: `http://localhost:${port}/plain`, timeoutMs: 5000 });
    expect(error.message).toContain('rule: localhost;');
  });

  it('refuses a host name whose DNS answer is loopback at connect time (the lookup check)', async () => {
    const before = connections;
    const rebinding = clientWith({ allow: [], resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const error = await failure(rebinding, { url: `http://rebind.test:${port}/plain`, timeoutMs: 5000 });
    expect(error.code).toBe('url_not_allowed');
    expect(error.message).toContain('rebind.test (127.0.0.1)');
    expect(connections).toBe(before);
  });

  it('applies host:port entries to resolved addresses too', async () => {
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const allowed = clientWith({ allow: [`127.0.0.1:${port}`], resolve });
    expect((await allowed.request({ url: `http://fixture.test:${port}/plain`, timeoutMs: 5000 })).text).toBe(PAGE);
    const error = await failure(allowed, { url: `http://fixture.test:${port + 1}/plain`, timeoutMs: 5000 });
    expect(error.code).toBe('url_not_allowed');
  });

  it('answers target_unreachable naming the host when DNS fails', async () => {
    const failing = clientWith({
      allow: [],
      resolve: () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' })),
    });
    const error = await failure(failing, { url: 'http://nowhere.test/', timeoutMs: 5000 });
    expect(error.code).toBe('target_unreachable');
    expect(error.message).toContain('the DNS lookup of nowhere.test failed');
  });
});
