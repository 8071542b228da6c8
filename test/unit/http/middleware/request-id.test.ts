import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { requestId } from '../../../../src/http/middleware/request-id';

/** An app with the request-id middleware, logging into memory; /slow never answers. */
async function startApp(): Promise<{ url: string; lines: Record<string, unknown>[]; close(): Promise<void> }> {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const app = express();
  app.use(requestId(pino({ level: 'info' }, sink)));
  app.get('/fast', (_req, res) => void res.json({ ok: true }));
  app.get('/slow', () => undefined);
  const v1 = express.Router();
  v1.get('/jobs/:id', (_req, res) => void res.json({ ok: true }));
  app.use('/v1', v1);
  const server = await new Promise<http.Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lines,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

async function until(predicate: () => boolean): Promise<void> {
  for (let waited = 0; !predicate(); waited += 20) {
    if (waited > 5000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('request log line', () => {
  it('logs an answered request with its status', async () => {
    const app = await startApp();
    try {
      await fetch(`${app.url}/fast`).then((res) => res.text());
      await until(() => app.lines.length > 0);
      expect(app.lines[0]).toMatchObject({ msg: 'request', method: 'GET', path: '/fast', status: 200, aborted: false });
    } finally {
      await app.close();
    }
  });

  it('logs the whole path of a request handled inside a router, without its query', async () => {
    const app = await startApp();
    try {
      await fetch(`${app.url}/v1/jobs/job_1?sig=secret`).then((res) => res.text());
      await until(() => app.lines.length > 0);
      expect(app.lines[0]).toMatchObject({ msg: 'request', path: '/v1/jobs/job_1', status: 200 });
    } finally {
      await app.close();
    }
  });

  it('logs a request whose client gave up before the answer, as aborted (it used to leave no trace)', async () => {
    const app = await startApp();
    try {
      const req = http.get(`${app.url}/slow`);
      req.on('error', () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      req.destroy();
      await until(() => app.lines.length > 0);
      expect(app.lines[0]).toMatchObject({ method: 'GET', path: '/slow', status: null, aborted: true });
      expect(app.lines[0].duration_ms).toEqual(expect.any(Number));
      expect(typeof app.lines[0].request_id).toBe('string');
    } finally {
      await app.close();
    }
  });
});
