import net from 'node:net';
import { expectSpecValid } from '../../helpers/spec-validator';
import { assertNoServersLeft, startTestServer, type TestServer } from '../../helpers/test-server';

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer();
});

afterAll(async () => {
  await ts.stop();
  assertNoServersLeft();
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes bytes on a bare TCP connection and reads until the server closes it: no HTTP client in between. */
function rawExchange(port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

function expectRawEnvelope(res: RawResponse, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as { request_id: string; error: { code: string; message: string } };
  expectSpecValid('ErrorResponse', body);
  expect(body.error.code).toBe(code);
  expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['x-request-id']).toBe(body.request_id);
}

describe('HTTP-level client errors (rejected by Node before Express) get the v1 envelope', () => {
  it('answers a 20 KB Authorization header with 431 headers_too_large', async () => {
    const res = await rawExchange(ts.server.port, `GET /v1/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${'k'.repeat(20_000)}\r\n\r\n`);
    expectRawEnvelope(res, 431, 'headers_too_large');
    expect(JSON.parse(res.body).error.message).toMatch(/16 KiB/);
  });

  it('answers a garbage request line with 400 invalid_request', async () => {
    const res = await rawExchange(ts.server.port, 'HELLO THERE\r\n\r\n');
    expectRawEnvelope(res, 400, 'invalid_request');
  });

  it('answers malformed header syntax with 400 invalid_request', async () => {
    const res = await rawExchange(ts.server.port, 'GET /health HTTP/1.1\r\nHost localhost\r\n\r\n');
    expectRawEnvelope(res, 400, 'invalid_request');
  });

  it('keeps serving normal requests afterwards', async () => {
    expect((await ts.api.get('/health')).status).toBe(200);
  });
});
