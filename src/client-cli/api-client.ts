import { VERSION } from '../version';

export type Json = Record<string, unknown>;

/** A failure the API reported (its v1 error code and message) or one met on the way to it. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    /** The response body as received, for `--json` (absent when no response came). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

const TERMINAL = new Set(['completed', 'partial', 'failed', 'cancelled']);

export const isTerminal = (status: unknown): boolean => typeof status === 'string' && TERMINAL.has(status);

export interface ApiClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Between two status polls of a job. */
  pollIntervalMs?: number;
}

/** The Scrapio v1 API over HTTP (global fetch), nothing else: the client never touches the server's internals. */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly pollIntervalMs: number;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  get(path: string): Promise<Json> {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown): Promise<Json> {
    return this.request('POST', path, body);
  }

  /**
   * An inline surface call. When the server promotes it (202 with a job id, because it outlasted the inline
   * limit), waits for the job and returns its result instead, so a caller always gets the finished answer.
   */
  async runSurface(path: string, body: unknown, onPromoted: (jobId: string) => void = () => {}): Promise<Json> {
    const response = await this.post(path, body);
    if (response.mode !== 'async' || typeof response.job_id !== 'string') return response;
    onPromoted(response.job_id);
    await this.waitForJob(response.job_id);
    return this.get(`/v1/jobs/${encodeURIComponent(response.job_id)}/result`);
  }

  /** Polls a job until it ends; a failed job becomes an ApiError with the job's own error code and message. */
  async waitForJob(jobId: string, onStatus: (job: Json) => void = () => {}): Promise<Json> {
    for (;;) {
      const job = await this.get(`/v1/jobs/${encodeURIComponent(jobId)}`);
      onStatus(job);
      if (job.status === 'failed') {
        const error = (job.error ?? {}) as { code?: string; message?: string };
        throw new ApiError(error.code ?? 'job_failed', error.message ?? `Job ${jobId} failed.`, job);
      }
      if (isTerminal(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
    }
  }

  private async request(method: string, path: string, body?: unknown): Promise<Json> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.apiKey}`, 'User-Agent': `scrapio-cli/${VERSION}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError(
        'cannot_connect',
        `Cannot reach ${this.baseUrl} (${cause?.code ?? cause?.message ?? String(error)}): is the server running? Set SCRAPIO_BASE_URL or --base-url.`,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError('invalid_response', `${method} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } }).error;
      throw new ApiError(error?.code ?? `http_${response.status}`, error?.message ?? `${method} ${path} answered ${response.status}.`, parsed);
    }
    return parsed as Json;
  }
}
