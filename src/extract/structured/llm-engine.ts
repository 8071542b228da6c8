import { ScrapioError } from '../../errors';
import type { Semaphore } from '../../lib/semaphore';
import type { StructuredDiagnostics, StructuredSource } from '../types';
import { chunkText, estimateTokens } from './chunking';
import { coerceToSchema } from './coerce';
import { parseModelJson, UnreadableAnswerError } from './json-repair';
import type { ChatMessage, ChatModel, ModelAnswer, ResponseFormatMode } from './llm-client';
import { mergeAnswers } from './merge';
import { extractionMessages, repairMessages, type ExtractionAsk } from './prompt';
import { INSTRUCTION_SCHEMA, type JsonSchema } from './schema-derivation';
import { schemaProblems } from './schema-validator';

export interface LlmEngineDeps {
  model: ChatModel;
  /** Server-wide: every model call of every job takes a slot (llm.concurrency). */
  limiter: Semaphore;
  maxInputTokens: number;
}

export interface StructuredResult {
  json: Record<string, unknown>;
  diagnostics: StructuredDiagnostics;
}

/** The smallest chunk worth a call, whatever the prompt's size. */
const MIN_CHUNK_TOKENS = 128;

/**
 * The model engine: the page's markdown (in overlapping chunks when it exceeds llm.maxInputTokens) → one call per
 * chunk asking for exactly the requested fields → the answer read (repaired when wrapped in prose or fences),
 * coerced and validated with ajv; an invalid answer gets one repair round, then 422 schema_validation_failed
 * listing what was wrong. Chunk answers are merged (first non-null scalar, lists concatenated without duplicates).
 */
export async function extractWithModel(ask: ExtractionAsk, source: StructuredSource, deps: LlmEngineDeps, signal?: AbortSignal): Promise<StructuredResult> {
  const schema = ask.kind === 'schema' ? ask.derived.jsonSchema : INSTRUCTION_SCHEMA;
  const overhead = estimateTokens(
    extractionMessages(ask, source, '', { index: 0, count: 2 })
      .map((message) => message.content)
      .join('\n'),
  );
  const chunkTokens = Math.max(MIN_CHUNK_TOKENS, deps.maxInputTokens - overhead);
  const chunks = chunkText(source.markdown, { chunkTokens, overlapTokens: Math.floor(chunkTokens / 10) });
  const usage = { calls: 0, prompt_tokens: 0, completion_tokens: 0, repair_rounds: 0, response_format: 'prompt' as ResponseFormatMode };
  const call = async (messages: ChatMessage[]): Promise<ModelAnswer> => {
    const answer = await deps.limiter.run(() => deps.model.complete(messages, ask.kind === 'schema' ? schema : undefined, signal), signal);
    usage.calls += 1;
    usage.prompt_tokens += answer.promptTokens;
    usage.completion_tokens += answer.completionTokens;
    usage.response_format = answer.format;
    return answer;
  };

  const answers = await Promise.all(
    chunks.map(async (chunk, index) => {
      const messages = extractionMessages(ask, source, chunk, { index, count: chunks.length });
      const first = await call(messages);
      const checked = checkAnswer(first.content, schema);
      if (checked.ok) return checked.value;
      usage.repair_rounds += 1;
      const second = await call(repairMessages(messages, first.content, checked.problems));
      const rechecked = checkAnswer(second.content, schema);
      if (rechecked.ok) return rechecked.value;
      throw new ScrapioError(
        'schema_validation_failed',
        `The model's answer did not match the requested schema after one repair round${chunks.length > 1 ? ` (chunk ${index + 1} of ${chunks.length})` : ''}: ${rechecked.problems.join('; ')}.`,
      );
    }),
  );
  const json = answers.length === 1 ? answers[0] : mergeAnswers(answers);
  const diagnostics: StructuredDiagnostics = { engine: 'llm', llm: usage };
  if (chunks.length > 1) diagnostics.chunked = { chunks: chunks.length, max_input_tokens: deps.maxInputTokens };
  if (ask.kind === 'schema') {
    const unfilled = ask.derived.fields.filter((field) => json[field.name] === null || json[field.name] === undefined).map((field) => field.name);
    if (unfilled.length > 0) diagnostics.unfilled_fields = unfilled;
  }
  return { json, diagnostics };
}

type Checked = { ok: true; value: Record<string, unknown> } | { ok: false; problems: string[] };

/** Parse (with repair), coerce, validate. An instruction's answer that is a bare list becomes {items: [...]}. */
export function checkAnswer(content: string, schema: JsonSchema): Checked {
  let parsed: unknown;
  try {
    parsed = parseModelJson(content);
  } catch (error) {
    if (error instanceof UnreadableAnswerError) return { ok: false, problems: [error.message] };
    throw error;
  }
  if (Array.isArray(parsed) && schema === INSTRUCTION_SCHEMA) parsed = { items: parsed };
  const value = coerceToSchema(parsed, schema);
  const problems = schemaProblems(schema, value);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: value as Record<string, unknown> };
}
