import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stdout; request and job ids ride along as child-logger bindings. Written
 * asynchronously: a slow reader of stdout (a pipe to a log shipper) must never stall the event loop, which a
 * synchronous write does once the pipe is full. pino flushes what is pending when the process exits.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'scrapio-server' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 1, sync: false }));
}
