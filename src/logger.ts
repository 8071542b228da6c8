import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stdout, or on stderr (`dest` 2) when stdout carries a program's output (--ephemeral's
 * announcement, the MCP stdio transport); request and job ids ride along as child-logger bindings. Written
 * asynchronously: a slow reader of stdout (a pipe to a log shipper) must never stall the event loop, which a
 * synchronous write does once the pipe is full. pino flushes what is pending when the process exits.
 */
export function createLogger(level: string, dest: 1 | 2 = 1): Logger {
  return pino({ level, base: { service: 'scrapio-server' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest, sync: false }));
}
