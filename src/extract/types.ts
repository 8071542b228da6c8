import type { FetchedDocument } from './fetched-document';
import type { PageFact } from './structured/heuristic/page-facts';

/** Outputs of the v1 spec plus this server's EXT outputs. */
export type OutputName = 'html' | 'markdown' | 'json' | 'screenshot' | 'text' | 'links' | 'metadata';

export type SelectorField = { selector: string; type: 'text' | 'html' | 'attr'; attribute?: string };

export type ExtractSpec = { mode: 'page' } | { mode: 'selectors'; fields: Record<string, SelectorField> } | StructuredExtractSpec;

/** EXT `extract.engine`: a model, or the model-free reading of the page's structured data. */
export type ExtractEngine = 'llm' | 'heuristic';

/** The modes a model (or the heuristic engine) serves. `schema` is v1's {field: description} or (EXT) a JSON Schema object. */
export type StructuredExtractSpec =
  { mode: 'schema'; schema: Record<string, unknown>; engine?: ExtractEngine } | { mode: 'instruction'; instruction: string; engine?: ExtractEngine };

/** What the worker hands the main thread for a schema/instruction extraction: the page as markdown and its stated facts. */
export interface StructuredSource {
  url: string;
  title: string;
  markdown: string;
  facts: PageFact[];
}

/** EXT diagnostics of a schema/instruction extraction. */
export interface StructuredDiagnostics {
  engine: ExtractEngine;
  /** Fields left null (nothing on the page stated them). */
  unfilled_fields?: string[];
  /** Set when the page was longer than llm.maxInputTokens and extracted in overlapping chunks. */
  chunked?: { chunks: number; max_input_tokens: number };
  /** Heuristic engine: where each filled field was read (`json-ld:offers.price`). */
  sources?: Record<string, string>;
  llm?: { calls: number; prompt_tokens: number; completion_tokens: number; repair_rounds: number; response_format: string };
}

export interface OutputRequest {
  /** Outputs to build; `screenshot` is not built here (the browser engine takes it). */
  output: OutputName[];
  extract?: ExtractSpec;
  /** EXT: markdown/text of the main content only (default true) or of the whole cleaned body. */
  onlyMainContent?: boolean;
  /** EXT: CSS selectors to keep (only these subtrees) / to remove before conversion. */
  includeSelectors?: string[];
  excludeSelectors?: string[];
}

/** One output that could not be built; the job is then `partial` (diagnostics.output_failures). */
export interface OutputFailure {
  output: OutputName;
  code: string;
  message: string;
}

export interface PageMetadata {
  title?: string;
  description?: string;
  language?: string;
  canonical?: string;
  published_at?: string;
  modified_at?: string;
  og: Record<string, string>;
  twitter: Record<string, string>;
  status_code: number;
  final_url: string;
  content_type: string;
  /** PDF only. */
  page_count?: number;
}

export interface OutputBundle {
  outputs: {
    html?: string;
    markdown?: string;
    json?: Record<string, unknown>;
    text?: string;
    links?: string[];
    metadata?: PageMetadata;
  };
  failures: OutputFailure[];
  /** Main-content title and text, for the local search index. */
  indexable?: { title: string; text: string };
  /** Built instead of `outputs.json` for extract.mode schema/instruction; the main thread turns it into json (structured-outputs.ts). */
  structuredSource?: StructuredSource;
  /** Set by the main-thread step that built `outputs.json` from `structuredSource`. */
  structured?: StructuredDiagnostics;
}

/** How one build runs: what a job hands down, beside the request itself. */
export interface BuildOptions {
  /**
   * Fires when the job is cancelled or out of time (timeout_ms): the build stops. On a worker thread the thread is
   * ended and replaced (a synchronous parse or selector match cannot be interrupted any other way); a build still
   * queued is dropped.
   */
  signal?: AbortSignal;
  /** The job's tenant: the extraction pool takes queued builds round-robin between tenants. */
  tenant?: string;
}

export type FetchedDocumentBuild<Options> = (document: FetchedDocument, request: OutputRequest, options?: Options) => Promise<OutputBundle>;

export type BuildOutputs = FetchedDocumentBuild<BuildOptions>;

/** Server limits on one build (extraction.* in the config), set by the composition root, not by requests. */
export interface ExtractionLimits {
  /** Pages with more start tags than this are refused (extraction_failed) before they are parsed. */
  maxElements: number;
}
