import { ScrapioError } from '../../../../src/errors';
import { OpenAiChatModel } from '../../../../src/extract/structured/llm-client';
import { extractWithModel, type LlmEngineDeps } from '../../../../src/extract/structured/llm-engine';
import type { ExtractionAsk } from '../../../../src/extract/structured/prompt';
import { deriveSchema } from '../../../../src/extract/structured/schema-derivation';
import type { StructuredSource } from '../../../../src/extract/types';
import { Semaphore } from '../../../../src/lib/semaphore';
import { startScriptedModel, type ModelReply, type ScriptedModel } from '../../../helpers/scripted-model';

const SECRET = 'sk-test-secret-never-shown-0123456789';
const ask: ExtractionAsk = { kind: 'schema', derived: deriveSchema({ price: 'the product price in USD, a number', title: 'the product name' }) };
const source: StructuredSource = { url: 'https://shop.example/kettle', title: 'Kettle', markdown: '# Steel Kettle\n\nPrice: $24.99', facts: [] };

let model: ScriptedModel;

beforeEach(async () => {
  model = await startScriptedModel(() => ({ json: { price: 24.99, title: 'Steel Kettle' } }));
});
afterEach(async () => {
  await model.close();
});

function deps(overrides: Partial<{ timeoutMs: number; maxRetries: number; maxInputTokens: number; concurrency: number; baseUrl: string }> = {}): LlmEngineDeps {
  return {
    model: new OpenAiChatModel({
      baseUrl: overrides.baseUrl ?? model.baseUrl,
      model: 'scripted-1',
      apiKey: SECRET,
      timeoutMs: overrides.timeoutMs ?? 5000,
      maxRetries: overrides.maxRetries ?? 2,
    }),
    limiter: new Semaphore(overrides.concurrency ?? 2),
    maxInputTokens: overrides.maxInputTokens ?? 4000,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ScrapioError> {
  try {
    await promise;
  } catch (error) {
    return error as ScrapioError;
  }
  throw new Error('expected a failure');
}

describe('extractWithModel against a scripted OpenAI-compatible server', () => {
  it('asks for exactly the fields with response_format json_schema, sends the key, and reports token usage', async () => {
    const result = await extractWithModel(ask, source, deps());
    expect(result.json).toEqual({ price: 24.99, title: 'Steel Kettle' });
    const call = model.calls[0];
    expect(call.body.response_format?.type).toBe('json_schema');
    expect(call.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(call.prompt).toContain('"price" (a number or null): the product price in USD, a number');
    expect(call.page).toBe(source.markdown);
    expect(result.diagnostics).toMatchObject({ engine: 'llm', llm: { calls: 1, repair_rounds: 0, response_format: 'json_schema' } });
    expect(result.diagnostics.llm?.prompt_tokens).toBeGreaterThan(0);
    expect(result.diagnostics.chunked).toBeUndefined();
  });

  it.each<[string, ModelReply]>([
    ['prose-wrapped JSON', { json: { price: '$24.99', title: 'Steel Kettle' }, wrap: 'prose' }],
    ['JSON in a code fence', { json: { price: '24.99', title: 'Steel Kettle' }, wrap: 'fence' }],
  ])('repairs %s and coerces the number without another call', async (_name, reply) => {
    model.setScript(() => reply);
    const result = await extractWithModel(ask, source, deps());
    expect(result.json).toEqual({ price: 24.99, title: 'Steel Kettle' });
    expect(model.calls).toHaveLength(1);
  });

  it('gives a malformed answer one repair round, telling the model what was wrong', async () => {
    model.setScript((_call, index) => (index === 0 ? { content: '{"price": 24.99, "title": "Steel' } : { json: { price: 24.99, title: 'Steel Kettle' } }));
    const result = await extractWithModel(ask, source, deps());
    expect(result.json).toEqual({ price: 24.99, title: 'Steel Kettle' });
    expect(model.calls).toHaveLength(2);
    expect(model.calls[1].prompt).toContain('That answer cannot be used: the JSON in the answer is malformed');
    expect(result.diagnostics.llm).toMatchObject({ calls: 2, repair_rounds: 1 });
  });

  it('fails with 422 schema_validation_failed, saying what was wrong, when the repaired answer is still invalid', async () => {
    model.setScript(() => ({ json: { price: 'cheap', name: 'Steel Kettle' } }));
    const error = await failureOf(extractWithModel(ask, source, deps()));
    expect(error).toBeInstanceOf(ScrapioError);
    expect(error).toMatchObject({ code: 'schema_validation_failed', status: 422 });
    expect(error.message).toContain('/price must be number,null');
    expect(error.message).toContain("must have required property 'title'");
    expect(model.calls).toHaveLength(2);
  });

  it('falls back to plain JSON instructions when the backend refuses response_format, and remembers it', async () => {
    await model.close();
    model = await startScriptedModel(() => ({ json: { price: 24.99, title: 'Steel Kettle' } }), { rejectResponseFormat: true });
    const engine = deps();
    const first = await extractWithModel(ask, source, engine);
    expect(first.json).toEqual({ price: 24.99, title: 'Steel Kettle' });
    expect(model.calls.map((call) => call.body.response_format?.type ?? 'none')).toEqual(['json_schema', 'json_object', 'none']);
    expect(first.diagnostics.llm?.response_format).toBe('prompt');
    await extractWithModel(ask, source, engine);
    expect(model.calls).toHaveLength(4);
    expect(model.calls[3].body.response_format).toBeUndefined();
  });

  it('retries a 429 (honouring Retry-After) and then succeeds', async () => {
    model.setScript((_call, index) => (index === 0 ? { status: 429, headers: { 'retry-after-ms': '20' } } : { json: { price: 1, title: 'x' } }));
    const result = await extractWithModel(ask, source, deps());
    expect(result.json).toEqual({ price: 1, title: 'x' });
    expect(model.calls).toHaveLength(2);
  });

  it('gives up on a model that keeps answering 429: 502 llm_unavailable, retryable, without the key in the message', async () => {
    model.setScript(() => ({ status: 429, headers: { 'retry-after-ms': '10' } }));
    const error = await failureOf(extractWithModel(ask, source, deps({ maxRetries: 2 })));
    expect(error).toMatchObject({ code: 'llm_unavailable', status: 502, retryable: true });
    expect(error.message).toContain('429');
    expect(error.message).not.toContain(SECRET);
    expect(model.calls).toHaveLength(3);
  });

  it('fails with 504 timeout when the model does not answer within llm.timeoutMs', async () => {
    model.setScript(() => ({ hang: true }));
    const error = await failureOf(extractWithModel(ask, source, deps({ timeoutMs: 300, maxRetries: 0 })));
    expect(error).toMatchObject({ code: 'timeout', status: 504, timedOut: true });
  });

  it('fails with 502 llm_unavailable when nothing listens at llm.baseUrl', async () => {
    const closed = model.baseUrl;
    await model.close();
    const error = await failureOf(extractWithModel(ask, source, deps({ baseUrl: closed, maxRetries: 0 })));
    expect(error).toMatchObject({ code: 'llm_unavailable', status: 502, retryable: true });
    model = await startScriptedModel(() => ({ json: {} }));
  });

  it('chunks a long page, extracts each chunk within the concurrency limit, and merges the answers', async () => {
    const sections = Array.from({ length: 12 }, (_, index) => `## Speaker ${index}\n\n${'Biography sentence about the speaker. '.repeat(30)}`);
    const long: StructuredSource = { ...source, markdown: `Price: $5\n\n${sections.join('\n\n')}` };
    const speakersAsk: ExtractionAsk = { kind: 'schema', derived: deriveSchema({ price: 'the ticket price, a number', speakers: 'list every speaker name' }) };
    await model.close();
    model = await startScriptedModel(
      (call) => ({
        json: {
          price: /Price: \$(\d+)/.exec(call.page)?.[1] ?? null,
          speakers: [...call.page.matchAll(/## (Speaker \d+)/g)].map((match) => match[1]),
        },
      }),
      { delayMs: 30 },
    );
    const result = await extractWithModel(speakersAsk, long, deps({ maxInputTokens: 900, concurrency: 2 }));
    const calls = model.calls.length;
    expect(calls).toBeGreaterThan(3);
    expect(model.maxInFlight).toBeLessThanOrEqual(2);
    expect(result.json.price).toBe(5);
    expect(result.json.speakers).toEqual(Array.from({ length: 12 }, (_, index) => `Speaker ${index}`));
    expect(result.diagnostics.chunked).toEqual({ chunks: calls, max_input_tokens: 900 });
    for (const call of model.calls) expect(Math.ceil(call.prompt.length / 4)).toBeLessThanOrEqual(900);
  });
});
