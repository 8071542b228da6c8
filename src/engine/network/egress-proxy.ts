import { lookup } from 'node:dns/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import pino from 'pino';
import type { Logger } from '../../logger';
import type { NetworkPolicy } from './network-policy';

/** The part of the network policy the proxy needs: a verdict on each address it is about to connect to. */
export type EgressPolicy = Pick<NetworkPolicy, 'refusalFor'>;

/**
 * Set on every answer the proxy makes itself (and stripped from upstream answers), so the render can tell
 * our refusal from a target's own 403 without trusting anything the target sends.
 */
export const EGRESS_HEADER = 'x-scrapio-egress';
const EGRESS_REASON_HEADER = 'x-scrapio-egress-reason';

export interface EgressFailure {
  kind: 'refused' | 'unreachable';
  reason: string;
}

/** Hostname (no brackets) → addresses, in the order to try them. */
export type HostResolver = (hostname: string) => Promise<string[]>;

export interface EgressProxyOptions {
  policy: EgressPolicy;
  logger?: Logger;
  /** DNS; injectable so a test can play a rebinding resolver. */
  resolve?: HostResolver;
  connectTimeoutMs?: number;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const MAX_REMEMBERED_FAILURES = 256;

const systemResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The only way out for Chromium (`--proxy-server`): Chromium resolves DNS on its own, so request
 * interception alone cannot stop a rebinding host. Here we resolve, ask the policy about every address,
 * and connect to an address we checked (IP literal, so no second resolution). Handles CONNECT (https,
 * wss, and ws, which Chromium also tunnels) and absolute-URI plain HTTP, websocket upgrades included.
 */
export class EgressProxy {
  readonly #server: Server;
  readonly #policy: EgressPolicy;
  readonly #logger: Logger;
  readonly #resolve: HostResolver;
  readonly #connectTimeoutMs: number;
  readonly #sockets = new Set<Duplex>();
  readonly #failures = new Map<string, EgressFailure>();
  #closing?: Promise<void>;

  private constructor(options: EgressProxyOptions) {
    this.#policy = options.policy;
    this.#logger = options.logger ?? pino({ level: 'silent' });
    this.#resolve = options.resolve ?? systemResolver;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#server = createServer();
    this.#server.on('connection', (socket: Socket) => this.#track(socket));
    this.#server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.#onRequest(req, res));
    this.#server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.#onConnect(req, socket, head));
    this.#server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.#onUpgrade(req, socket, head));
    this.#server.on('clientError', (_error, socket: Duplex) => socket.destroy());
  }

  static async start(options: EgressProxyOptions): Promise<EgressProxy> {
    const proxy = new EgressProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy.#server.once('error', reject);
      proxy.#server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  /** The value of Chromium's `--proxy-server`. */
  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('egress proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /**
   * Why the last attempt to reach hostname:port failed, if it did. Chromium reports every failed CONNECT
   * as ERR_TUNNEL_CONNECTION_FAILED, so this is how a render tells a refusal from an unreachable host.
   */
  failureFor(hostname: string, port: number): EgressFailure | undefined {
    return this.#failures.get(failureKey(hostname, port));
  }

  /** Idempotent; cuts open tunnels so that close() does not wait on Chromium's keep-alive sockets. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      for (const socket of this.#sockets) socket.destroy();
    });
    return this.#closing;
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseAbsoluteUrl(req.url);
    if (!target || target.protocol !== 'http:') {
      return this.#answer(res, { kind: 'refused', reason: `the browser proxy only forwards absolute http: URLs, not ${req.url}` });
    }
    const port = Number(target.port || 80);
    const upstream = await this.#open(target.hostname, port);
    if ('kind' in upstream) return this.#answer(res, upstream);
    // Chromium closes the connection of a request it cancelled (a stopped tab's): not sent on, however late it is read.
    if (req.socket.readableEnded || req.socket.destroyed) {
      upstream.socket.destroy();
      return;
    }
    const forwarded = httpRequest({
      method: req.method,
      path: `${target.pathname}${target.search}`,
      headers: forwardedHeaders(req.rawHeaders, target.host),
      // The socket is already connected to the checked address: nothing resolves the name again.
      createConnection: () => upstream.socket,
    });
    forwarded.on('response', (response) => {
      res.writeHead(response.statusCode ?? 502, response.statusMessage, returnedHeaders(response.rawHeaders));
      response.pipe(res);
    });
    forwarded.on('error', (error) => {
      if (res.headersSent) res.destroy(error);
      else this.#answer(res, { kind: 'unreachable', reason: `${target.host} failed: ${error.message}` });
    });
    res.on('close', () => forwarded.destroy());
    req.pipe(forwarded);
  }

  async #onConnect(req: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    client.on('error', () => client.destroy());
    const authority = req.url ?? '';
    const target = /:\d+$/.test(authority) ? parseAbsoluteUrl(`http://${authority}`) : undefined;
    if (!target) return rawAnswer(client, { kind: 'refused', reason: `CONNECT needs host:port, got ${authority}` });
    const upstream = await this.#open(target.hostname, Number(target.port || 80));
    if ('kind' in upstream) return rawAnswer(client, upstream);
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    splice(client, upstream.socket, head);
  }

  async #onUpgrade(req: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    client.on('error', () => client.destroy());
    const target = parseAbsoluteUrl(req.url);
    if (!target || (target.protocol !== 'http:' && target.protocol !== 'ws:')) {
      return rawAnswer(client, { kind: 'refused', reason: `the browser proxy only upgrades absolute http: URLs, not ${req.url}` });
    }
    const upstream = await this.#open(target.hostname, Number(target.port || 80));
    if ('kind' in upstream) return rawAnswer(client, upstream);
    // Replay the upgrade request in origin form; the hop-by-hop Upgrade/Connection pair must survive here.
    const lines = [`${req.method} ${target.pathname}${target.search} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (!req.rawHeaders[i].toLowerCase().startsWith('proxy-')) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    upstream.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    splice(client, upstream.socket, head);
  }

  /** Resolve, check every address, connect to the first allowed one that answers. */
  async #open(hostname: string, port: number): Promise<{ socket: Socket } | EgressFailure> {
    const failure = (value: EgressFailure): EgressFailure => this.#remember(hostname, port, value);
    const bare = hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(bare) ? [bare] : await this.#resolve(bare);
    } catch (error) {
      return failure({ kind: 'unreachable', reason: `DNS lookup of ${bare} failed (${errorCode(error)})` });
    }
    const allowed: string[] = [];
    let refusal: string | undefined;
    for (const address of addresses) {
      const verdict = this.#policy.refusalFor(address, bare, port);
      if (verdict === null) allowed.push(address);
      else refusal ??= verdict;
    }
    if (allowed.length === 0) {
      this.#logger.warn({ hostname: bare, port, addresses, rule: refusal }, 'browser request refused by the network policy');
      return failure({ kind: 'refused', reason: refusal ?? `${bare} resolved to no address` });
    }
    let lastError: unknown;
    for (const address of allowed) {
      try {
        const socket = await this.#connect(address, port);
        this.#failures.delete(failureKey(hostname, port));
        return { socket };
      } catch (error) {
        lastError = error;
      }
    }
    this.#logger.debug({ hostname: bare, port, error: errorCode(lastError) }, 'browser request could not connect');
    return failure({ kind: 'unreachable', reason: `cannot connect to ${bare}:${port} (${errorCode(lastError)})` });
  }

  #connect(address: string, port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address, port, timeout: this.#connectTimeoutMs });
      this.#track(socket);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.removeListener('error', reject);
        socket.on('error', () => socket.destroy());
        resolve(socket);
      });
      socket.once('error', reject);
      socket.once('timeout', () => socket.destroy(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' })));
    });
  }

  #remember(hostname: string, port: number, failure: EgressFailure): EgressFailure {
    const key = failureKey(hostname, port);
    this.#failures.delete(key);
    this.#failures.set(key, failure);
    if (this.#failures.size > MAX_REMEMBERED_FAILURES) {
      this.#failures.delete(this.#failures.keys().next().value as string);
    }
    return failure;
  }

  #track(socket: Duplex): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  #answer(res: ServerResponse, failure: EgressFailure): void {
    if (res.headersSent) return void res.destroy();
    res.writeHead(failure.kind === 'refused' ? 403 : 502, failureHeaders(failure));
    res.end(`${failure.kind}: ${failure.reason}\n`);
  }
}

function failureKey(hostname: string, port: number): string {
  return `${hostname.replace(/^\[|\]$/g, '').toLowerCase()}:${port}`;
}

function failureHeaders(failure: EgressFailure): Record<string, string> {
  return {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
    [EGRESS_HEADER]: failure.kind,
    // Header values must be latin1 without CR/LF; the reason is informational only.
    [EGRESS_REASON_HEADER]: failure.reason.replace(/[^\x20-\x7e]/g, '?'),
  };
}

function rawAnswer(client: Duplex, failure: EgressFailure): void {
  const status = failure.kind === 'refused' ? '403 Forbidden' : '502 Bad Gateway';
  const body = `${failure.kind}: ${failure.reason}\n`;
  const headers = Object.entries(failureHeaders(failure)).map(([name, value]) => `${name}: ${value}\r\n`);
  client.end(`HTTP/1.1 ${status}\r\n${headers.join('')}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function splice(client: Duplex, upstream: Socket, head: Buffer): void {
  if (head.length > 0) upstream.write(head);
  upstream.pipe(client);
  client.pipe(upstream);
  const teardown = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.once('close', teardown);
  upstream.once('close', teardown);
}

function parseAbsoluteUrl(value: string | undefined): URL | undefined {
  try {
    return value ? new URL(value) : undefined;
  } catch {
    return undefined;
  }
}

/** Names listed in a Connection header are hop-by-hop too (RFC 9110 §7.6.1). */
function connectionTokens(rawHeaders: string[]): Set<string> {
  const tokens = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() !== 'connection') continue;
    for (const token of rawHeaders[i + 1].split(',')) tokens.add(token.trim().toLowerCase());
  }
  return tokens;
}

function forwardedHeaders(rawHeaders: string[], host: string): Record<string, string | string[]> {
  const dropped = connectionTokens(rawHeaders);
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (HOP_BY_HOP.has(name) || dropped.has(name)) continue;
    const previous = headers[name];
    headers[name] = previous === undefined ? rawHeaders[i + 1] : [previous, rawHeaders[i + 1]].flat();
  }
  headers.host ??= host;
  return headers;
}

/** Flat [name, value, ...] as writeHead accepts it, so repeated Set-Cookie lines stay separate. */
function returnedHeaders(rawHeaders: string[]): string[] {
  const dropped = connectionTokens(rawHeaders);
  const headers: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (HOP_BY_HOP.has(name) || dropped.has(name) || name.startsWith(EGRESS_HEADER)) continue;
    headers.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  return headers;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
