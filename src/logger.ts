import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; request and job ids ride along as child-logger bindings. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'scrapio-server' }, timestamp: pino.stdTimeFunctions.isoTime });
}
