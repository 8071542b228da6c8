import OpenAI from 'openai';
import { ScrapioError } from '../../errors';
import type { JsonSchema } from './schema-derivation';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** How the backend is asked for JSON: its structured-output mode, its JSON mode, or only the prompt's instructions. */
export type ResponseFormatMode = 'json_schema' | 'json_object' | 'prompt';

export interface ModelAnswer {
  content: string;
  promptTokens: number;
  completionTokens: number;
  format: ResponseFormatMode;
}

/** A chat model that answers with (what should be) JSON. The engine depends on this, tests may script it. */
export interface ChatModel {
  complete(messages: ChatMessage[], schema: JsonSchema | undefined, signal?: AbortSignal): Promise<ModelAnswer>;
}

export interface OpenAiChatModelOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  maxRetries: number;
}

/**
 * Any OpenAI-compatible /v1/chat/completions endpoint, through the official `openai` client (its retries honour
 * Retry-After on 429/5xx with exponential backoff). The base URL comes from operator config only: no request can
 * choose where the server's key is sent. The key is never put in an error message or a log line (the client's own
 * logging is off).
 *
 * Not every backend supports `response_format`: json_schema is tried first, then json_object, then none (the
 * prompt alone asks for JSON). A mode the backend refuses with a 400 is remembered for the life of the process.
 */
export class OpenAiChatModel implements ChatModel {
  readonly #client: OpenAI;
  readonly #model: string;
  readonly #timeoutMs: number;
  readonly #refused = new Set<ResponseFormatMode>();

  constructor(options: OpenAiChatModelOptions) {
    this.#model = options.model;
    this.#timeoutMs = options.timeoutMs;
    this.#client = new OpenAI({
      baseURL: options.baseUrl,
      // Local servers (Ollama, llama.cpp) take no key, but the client insists on one.
      apiKey: options.apiKey ?? 'no-key',
      // The client's own per-attempt timeout is a backstop; the deadline in complete() is what applies.
      timeout: options.timeoutMs + 1000,
      maxRetries: options.maxRetries,
      logLevel: 'off',
    });
  }

  /** The modes this backend has refused so far (diagnostics and tests). */
  get refusedFormats(): ResponseFormatMode[] {
    return [...this.#refused];
  }

  async complete(messages: ChatMessage[], schema: JsonSchema | undefined, signal?: AbortSignal): Promise<ModelAnswer> {
    for (;;) {
      const format = this.#formatFor(schema);
      // Our own deadline over the whole call, 429 retries included: a model too slow to answer is not asked again
      // (that would only add load to it), and the abort tells a timeout apart from the job's own cancel.
      const deadline = AbortSignal.timeout(this.#timeoutMs);
      try {
        const completion = await this.#client.chat.completions.create(
          { model: this.#model, messages, temperature: 0, ...responseFormat(format, schema) },
          { signal: signal ? AbortSignal.any([signal, deadline]) : deadline },
        );
        return {
          content: completion.choices[0]?.message?.content ?? '',
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
          format,
        };
      } catch (error) {
        if (format !== 'prompt' && isFormatRefusal(error)) {
          this.#refused.add(format);
          continue;
        }
        if (deadline.aborted && !signal?.aborted) {
          throw new ScrapioError('timeout', `The model at llm.baseUrl did not answer within llm.timeoutMs (${this.#timeoutMs} ms).`, {
            timedOut: true,
            cause: error,
          });
        }
        throw modelError(error, signal);
      }
    }
  }

  #formatFor(schema: JsonSchema | undefined): ResponseFormatMode {
    const order: ResponseFormatMode[] = schema ? ['json_schema', 'json_object', 'prompt'] : ['json_object', 'prompt'];
    return order.find((format) => !this.#refused.has(format)) ?? 'prompt';
  }
}

function responseFormat(format: ResponseFormatMode, schema: JsonSchema | undefined): Pick<OpenAI.ChatCompletionCreateParamsNonStreaming, 'response_format'> {
  if (format === 'json_schema' && schema) return { response_format: { type: 'json_schema', json_schema: { name: 'extraction', schema, strict: false } } };
  if (format === 'json_object') return { response_format: { type: 'json_object' } };
  return {};
}

/** A 400/422 to a request that carried response_format: the backend does not support that mode (or its schema subset). */
function isFormatRefusal(error: unknown): boolean {
  return error instanceof OpenAI.APIError && (error.status === 400 || error.status === 422);
}

/** The client's errors in the server's catalogue: unreachable/refused → 502 llm_unavailable, too slow → 504 timeout. */
function modelError(error: unknown, signal: AbortSignal | undefined): Error {
  if (error instanceof OpenAI.APIUserAbortError) {
    // The job's own deadline or a cancel: the job runner reports it as such.
    return signal?.reason instanceof Error ? signal.reason : new DOMException('The model call was aborted.', 'AbortError');
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ScrapioError('timeout', 'The model at llm.baseUrl did not answer within llm.timeoutMs.', { timedOut: true, cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ScrapioError('llm_unavailable', 'The model at llm.baseUrl is unreachable (connection failed); try again later.', { cause: error });
  }
  if (error instanceof OpenAI.RateLimitError) {
    return new ScrapioError('llm_unavailable', 'The model at llm.baseUrl kept answering 429 (rate limited) after the retries; try again later.', {
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    const auth = status === 401 || status === 403;
    return new ScrapioError(
      'llm_unavailable',
      auth
        ? `The model at llm.baseUrl refused the configured llm.apiKey (HTTP ${status}).`
        : `The model at llm.baseUrl answered HTTP ${status}${status >= 500 ? ' after the retries' : ''}.`,
      { retryable: status >= 500, cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
