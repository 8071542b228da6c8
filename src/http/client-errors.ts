import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ScrapioError } from '../errors';
import type { Logger } from '../logger';
import { errorBody } from './error-envelope';

/** Node's own reason for giving up on a request, before Express sees it (llhttp parse errors and server timeouts). */
type ClientError = Error & { code?: string };

/**
 * Requests Node's HTTP parser rejects (headers over the 16 KiB limit, a malformed request line, a client too
 * slow to send its headers) never reach Express; by default Node answers them with a bare status line and no
 * body. This answers them with the v1 error envelope and a request_id like every other error, then closes.
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: ClientError, socket: Duplex) => {
    const scrapioError = toScrapioError(error);
    // A reset connection has nobody to answer; a response already under way must not be corrupted.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (!scrapioError || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    logger.info({ request_id: requestId, code: scrapioError.code, reason: error.code ?? error.message }, 'client error');
    const body = JSON.stringify(errorBody(requestId, scrapioError));
    const head = [
      `HTTP/1.1 ${scrapioError.status} ${STATUS_CODES[scrapioError.status] ?? ''}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Request-Id: ${requestId}`,
      'Connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
    // Whatever the client still sends is read and dropped: closing with unread input would reset the
    // connection and could discard the answer before the client reads it. The timer bounds a client that never stops.
    socket.on('data', () => undefined);
    socket.resume();
    setTimeout(() => socket.destroy(), 5000).unref();
  });
}

function toScrapioError(error: ClientError): ScrapioError | undefined {
  switch (error.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return new ScrapioError(
        'headers_too_large',
        'The request line and headers exceed the 16 KiB this server accepts (Node --max-http-header-size); send a shorter Authorization header, URL or cookies.',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ScrapioError('request_timeout', 'The request was not received in time (server.requestTimeout / headersTimeout); send it again.');
    default:
      return new ScrapioError(
        'invalid_request',
        `Malformed HTTP request (${error.code ?? 'parse error'}): send an HTTP/1.1 request line "METHOD /path HTTP/1.1" and valid headers.`,
      );
  }
}
