import { ScrapioError } from '../../errors';
import type { Semaphore } from '../../lib/semaphore';
import type { ExtractEngine, StructuredExtractSpec, StructuredSource } from '../types';
import { extractWithHeuristics } from './heuristic/heuristic-engine';
import type { ChatModel } from './llm-client';
import { extractWithModel, type StructuredResult } from './llm-engine';
import type { ExtractionAsk } from './prompt';
import { deriveSchema } from './schema-derivation';
import { validatorFor } from './schema-validator';

export interface StructuredExtractorOptions {
  /** Absent when llm.baseUrl is not configured: only the heuristic engine is available. */
  model?: ChatModel;
  limiter: Semaphore;
  maxInputTokens: number;
}

/**
 * extract.mode "schema" and "instruction": picks the engine (EXT `engine`; default the model when one is
 * configured, else the heuristic engine) and runs it on the main thread over what the extraction worker built.
 */
export class StructuredExtractor {
  readonly #options: StructuredExtractorOptions;

  constructor(options: StructuredExtractorOptions) {
    this.#options = options;
  }

  get hasModel(): boolean {
    return this.#options.model !== undefined;
  }

  /**
   * The engine a spec runs on; throws at request time (before any job) what can never work: a model asked for when
   * none is configured, an instruction without a model (the heuristic engine does not guess), an unusable JSON Schema.
   */
  engineFor(spec: StructuredExtractSpec): ExtractEngine {
    const engine = spec.engine ?? (this.hasModel ? 'llm' : 'heuristic');
    if (engine === 'llm' && !this.hasModel) {
      throw unavailable('extract.engine "llm" needs a model: set llm.baseUrl and llm.model (an OpenAI-compatible endpoint) in the server config.');
    }
    if (spec.mode === 'instruction' && engine === 'heuristic') {
      throw unavailable(
        this.hasModel
          ? 'extract.mode "instruction" needs the model: the heuristic engine only fills named schema fields (use mode "schema", or engine "llm").'
          : 'extract.mode "instruction" needs a model: set llm.baseUrl and llm.model in the server config, or use mode "schema" (served from the page\'s structured data without a model).',
      );
    }
    if (spec.mode === 'schema') validatorFor(deriveSchema(spec.schema).jsonSchema);
    return engine;
  }

  async extract(spec: StructuredExtractSpec, source: StructuredSource, signal?: AbortSignal): Promise<StructuredResult> {
    const engine = this.engineFor(spec);
    const ask: ExtractionAsk =
      spec.mode === 'schema' ? { kind: 'schema', derived: deriveSchema(spec.schema) } : { kind: 'instruction', instruction: spec.instruction };
    if (engine === 'heuristic' && ask.kind === 'schema') return extractWithHeuristics(ask.derived, source);
    const model = this.#options.model as ChatModel;
    return extractWithModel(ask, source, { model, limiter: this.#options.limiter, maxInputTokens: this.#options.maxInputTokens }, signal);
  }
}

/** 422, not the catalogue's 502: nothing is down, the server is not set up for this, and retrying cannot help. */
function unavailable(message: string): ScrapioError {
  return new ScrapioError('llm_unavailable', message, { status: 422, retryable: false });
}
