import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scripted model answers to one call. */
export type ModelReply =
  /** A JSON answer, optionally wrapped the way small local models wrap it. */
  | { json: unknown; wrap?: 'prose' | 'fence' }
  /** Raw assistant content (malformed JSON, prose only, ...). */
  | { content: string }
  /** An HTTP error (429 with Retry-After, 400 for an unsupported response_format, 500, ...). */
  | { status: number; message?: string; headers?: Record<string, string> }
  /** Never answers (the client's timeout must fire). */
  | { hang: true };

export interface ModelCall {
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    response_format?: { type: string; json_schema?: { schema: unknown } };
    [key: string]: unknown;
  };
  headers: http.IncomingHttpHeaders;
  /** All user messages, joined. */
  prompt: string;
  /** The page content between the prompt's <<<PAGE and PAGE>>> markers. */
  page: string;
}

export type ModelScript = (call: ModelCall, index: number) => ModelReply | Promise<ModelReply>;

export interface ScriptedModelOptions {
  /** Answer 400 to any call carrying response_format, as backends without structured outputs do. */
  rejectResponseFormat?: boolean;
  /** Delay before each answer (to observe concurrency). */
  delayMs?: number;
}

export interface ScriptedModel {
  /** http://127.0.0.1:<port>/v1, for llm.baseUrl. */
  baseUrl: string;
  calls: ModelCall[];
  /** Most calls in flight at once. */
  maxInFlight: number;
  setScript(script: ModelScript): void;
  close(): Promise<void>;
}

/**
 * A small OpenAI-compatible chat-completions server on 127.0.0.1 port 0 that answers per a script: fixed JSON,
 * JSON in prose or fences, malformed JSON, 429s, hangs, or a 400 for response_format. It counts calls and the
 * calls in flight, and keeps each request (headers included) for assertions.
 */
export async function startScriptedModel(script: ModelScript, options: ScriptedModelOptions = {}): Promise<ScriptedModel> {
  let current = script;
  let inFlight = 0;
  const state: ScriptedModel = {
    baseUrl: '',
    calls: [],
    maxInFlight: 0,
    setScript: (next) => void (current = next),
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !(req.url ?? '').endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ModelCall['body'];
      const prompt = body.messages
        .filter((message) => message.role === 'user')
        .map((message) => message.content)
        .join('\n');
      const page = /<<<PAGE\n([\s\S]*?)\nPAGE>>>/.exec(prompt)?.[1] ?? '';
      const call: ModelCall = { body, headers: req.headers, prompt, page };
      const index = state.calls.length;
      state.calls.push(call);
      inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      let ended = false;
      const done = () => {
        if (!ended) inFlight -= 1;
        ended = true;
      };
      res.on('close', done);
      void (async () => {
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        if (options.rejectResponseFormat && body.response_format) {
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { message: 'response_format is not supported', type: 'invalid_request_error' } }));
          return;
        }
        const reply = await current(call, index);
        if ('hang' in reply) return;
        if ('status' in reply) {
          res
            .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
            .end(JSON.stringify({ error: { message: reply.message ?? `HTTP ${reply.status}` } }));
          return;
        }
        const content = 'content' in reply ? reply.content : wrapJson(reply.json, reply.wrap);
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: `chatcmpl-${index}`,
            object: 'chat.completion',
            created: 0,
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
            usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: Math.ceil(content.length / 4), total_tokens: 0 },
          }),
        );
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

function wrapJson(value: unknown, wrap: 'prose' | 'fence' | undefined): string {
  const text = JSON.stringify(value, null, wrap ? 2 : undefined);
  if (wrap === 'fence') return `Sure! Here is the extracted data:\n\n\`\`\`json\n${text}\n\`\`\`\n`;
  if (wrap === 'prose') return `Here is the data you asked for: ${text} Let me know if you need anything else.`;
  return text;
}
