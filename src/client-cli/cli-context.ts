import { ApiClient, ApiError } from './api-client';

/** The options every command shares (declared once on the program in main.ts). */
export interface GlobalOptions {
  baseUrl: string;
  apiKey?: string;
  json?: boolean;
}

/** What a command needs: the API, whether to print raw JSON, and the two output streams. */
export interface CliContext {
  client: ApiClient;
  json: boolean;
  out(text: string): void;
  stderr: NodeJS.WriteStream;
}

export function createContext(options: GlobalOptions): CliContext {
  if (!options.apiKey) {
    throw new ApiError(
      'missing_api_key',
      'No API key: set SCRAPIO_API_KEY or pass --api-key (a local scrapio-server keeps its generated key in data/api-key).',
    );
  }
  if (!/^https?:\/\/[^/]/.test(options.baseUrl) || !URL.canParse(options.baseUrl)) {
    throw new ApiError('invalid_argument', `The server URL must be an http(s) URL (--base-url or SCRAPIO_BASE_URL), got "${options.baseUrl}".`);
  }
  return {
    client: new ApiClient({ baseUrl: options.baseUrl, apiKey: options.apiKey }),
    json: options.json === true,
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: process.stderr,
  };
}

/** For runSurface: says on stderr why the answer takes longer than the inline wait. */
export function announcePromotion(context: CliContext): (jobId: string) => void {
  return (jobId) => void context.stderr.write(`The server promoted the request to job ${jobId} (it outlasted the inline wait); waiting for it.\n`);
}

/** `--json`: the response as received, for scripts. */
export function printJson(context: CliContext, body: unknown): void {
  context.out(JSON.stringify(body, null, 2));
}

/** Commander hands option values over as strings; counts must be positive integers. */
export function positiveInteger(name: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new ApiError('invalid_argument', `${name} must be a positive integer, got "${value}".`);
    return number;
  };
}
