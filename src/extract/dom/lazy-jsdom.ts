import type * as Jsdom from 'jsdom';

let jsdom: typeof Jsdom | undefined;

/**
 * jsdom, loaded on first use. Only requests whose CSS selectors linkedom cannot run as a browser would need it
 * (css-selectors.ts); a worker thread that never serves one never pays its load time and memory.
 */
export function loadJsdom(): typeof Jsdom {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jsdom ??= require('jsdom') as typeof Jsdom;
  return jsdom;
}
