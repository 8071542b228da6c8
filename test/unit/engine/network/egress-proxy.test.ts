import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { EGRESS_HEADER, EgressProxy } from '../../../../src/engine/network/egress-proxy';
import { NetworkPolicy } from '../../../../src/engine/network/network-policy';
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server';

const policy = new NetworkPolicy({ allow: ['127.0.0.1'] });
let allowed: FixtureServer;
let internal: FixtureServer;
let proxy: EgressProxy;
let proxyPort: number;
/** Host name → successive DNS answers; the last one repeats. */
const answers = new Map<string, string[][]>();
const lookups: string[] = [];

beforeAll(async () => {
  allowed = await startFixtureServer({
    '/echo': (req, res, { body }) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': ['a=1; Path=/', 'b=2; Path=/'],
        [EGRESS_HEADER]: 'refused', // a target must not be able to fake the proxy's own verdict
      });
      res.end(JSON.stringify({ method: req.method, body, host: req.headers.host, proxyHeader: req.headers['proxy-connection'] ?? null }));
    },
  });
  internal = await startFixtureServer({ '/': (_req, res) => res.end('internal') }, { host: '127.0.0.2' });
  // A resolver we control, to play DNS answers (including rebinding ones) without a DNS server.
  proxy = await EgressProxy.start({
    policy,
    resolve: async (hostname) => {
      lookups.push(hostname);
      const queue = answers.get(hostname);
      if (!queue) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return queue.length > 1 ? queue.shift()! : queue[0];
    },
  });
  proxyPort = Number(new URL(proxy.url).port);
});

afterAll(async () => {
  await proxy.close();
  await proxy.close();
  await Promise.all([allowed.close(), internal.close()]);
});

beforeEach(() => {
  lookups.length = 0;
  internal.requestTargets.length = 0;
});

function viaProxy(url: string, options: { method?: string; body?: string } = {}): Promise<{ response: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({
      host: '127.0.0.1',
      port: proxyPort,
      method: options.method ?? 'GET',
      path: url,
      headers: { host: target.host, 'proxy-connection': 'keep-alive' },
    });
    req.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ response, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function connectVia(authority: string): Promise<{ status: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxyPort, '127.0.0.1', () => socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`));
    socket.once('data', (chunk: Buffer) => resolve({ status: chunk.toString().split('\r\n')[0], socket }));
    socket.once('error', reject);
  });
}

test('forwards an absolute-URI request to an allowed address: method, body, repeated headers', async () => {
  const { response, body } = await viaProxy(`${allowed.origin}/echo`, { method: 'POST', body: 'x=1' });
  expect(response.statusCode).toBe(200);
  expect(JSON.parse(body)).toEqual({ method: 'POST', body: 'x=1', host: new URL(allowed.origin).host, proxyHeader: null });
  expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
  expect(response.headers[EGRESS_HEADER]).toBeUndefined();
});

test('a request whose connection is closed before it is sent on (one Chromium cancelled) never reaches the target', async () => {
  const socket = connect(proxyPort, '127.0.0.1');
  await once(socket, 'connect');
  socket.end(`GET ${allowed.origin}/echo?cancelled HTTP/1.1\r\nHost: ${new URL(allowed.origin).host}\r\n\r\n`);
  socket.resume();
  await once(socket, 'close');
  expect((await viaProxy(`${allowed.origin}/echo?later`)).response.statusCode).toBe(200);
  expect(allowed.requestTargets.filter((target) => target.startsWith('/echo?'))).toEqual(['/echo?later']);
});

test('refuses a refused literal with 403 and its own marker, without connecting', async () => {
  const { response, body } = await viaProxy(`${internal.origin}/`);
  expect(response.statusCode).toBe(403);
  expect(response.headers[EGRESS_HEADER]).toBe('refused');
  expect(body).toMatch(/refused: loopback/);
  expect(internal.requestTargets).toEqual([]);
  expect(proxy.failureFor('127.0.0.2', internal.port)).toMatchObject({ kind: 'refused' });
});

test('judges host names on their resolved addresses; a mixed answer connects only to the allowed one', async () => {
  answers.set('evil.test', [['127.0.0.2']]);
  const refused = await viaProxy(`http://evil.test:${internal.port}/`);
  expect(refused.response.statusCode).toBe(403);
  answers.set('mixed.test', [['127.0.0.2', '127.0.0.1']]);
  const mixed = await viaProxy(`http://mixed.test:${allowed.port}/echo`);
  expect(mixed.response.statusCode).toBe(200);
  expect(internal.requestTargets).toEqual([]);
});

test('DNS rebinding: one resolution per connection, and the connection goes to the address checked', async () => {
  // First answer allowed, every later one internal: a proxy that resolved twice would connect inside.
  answers.set('rebind.test', [['127.0.0.1'], ['127.0.0.2']]);
  const first = await viaProxy(`http://rebind.test:${allowed.port}/echo`);
  expect(first.response.statusCode).toBe(200);
  expect(lookups).toEqual(['rebind.test']);
  // The next connection resolves afresh, gets the internal answer, and is refused.
  const second = await viaProxy(`http://rebind.test:${allowed.port}/echo`);
  expect(second.response.statusCode).toBe(403);
  expect(internal.requestTargets).toEqual([]);
});

test('DNS failure and a closed port are 502 unreachable, remembered per host and port', async () => {
  const unknown = await viaProxy('http://nowhere.test/');
  expect(unknown.response.statusCode).toBe(502);
  expect(unknown.response.headers[EGRESS_HEADER]).toBe('unreachable');
  expect(proxy.failureFor('nowhere.test', 80)).toMatchObject({ kind: 'unreachable', reason: expect.stringContaining('ENOTFOUND') });
  const closed = await startFixtureServer({});
  await closed.close();
  const refusedPort = await viaProxy(`${closed.origin}/`);
  expect(refusedPort.response.statusCode).toBe(502);
});

test('refuses schemes other than http in absolute form', async () => {
  const { response } = await viaProxy('ftp://127.0.0.1/file');
  expect(response.statusCode).toBe(403);
});

test('CONNECT: tunnels to an allowed address, refuses others with 403', async () => {
  const tunnel = await connectVia(`127.0.0.1:${allowed.port}`);
  expect(tunnel.status).toBe('HTTP/1.1 200 Connection Established');
  tunnel.socket.write(`GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  let reply = '';
  tunnel.socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
  await once(tunnel.socket, 'close');
  expect(reply).toMatch(/^HTTP\/1.1 200/);

  const refused = await connectVia(`127.0.0.2:${internal.port}`);
  expect(refused.status).toBe('HTTP/1.1 403 Forbidden');
  refused.socket.destroy();
  answers.set('evil.test', [['127.0.0.2']]);
  const byName = await connectVia(`evil.test:${internal.port}`);
  expect(byName.status).toBe('HTTP/1.1 403 Forbidden');
  byName.socket.destroy();
  expect(internal.requestTargets).toEqual([]);
});

test('websocket upgrade in absolute form is replayed to the checked address', async () => {
  const upstream = createServer((socket) => {
    socket.once('data', (chunk: Buffer) => {
      socket.end(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Request-Line: ${chunk.toString().split('\r\n')[0]}\r\n\r\n`,
      );
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const port = (upstream.address() as AddressInfo).port;
  try {
    const socket = connect(proxyPort, '127.0.0.1', () =>
      socket.write(`GET http://127.0.0.1:${port}/chat?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`),
    );
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    await once(socket, 'close');
    expect(reply).toMatch(/^HTTP\/1.1 101/);
    expect(reply).toContain('X-Request-Line: GET /chat?x=1 HTTP/1.1');
  } finally {
    upstream.close();
  }
});
