import type { FetchedDocument } from './fetched-document';

/** Outputs of the v1 spec plus this server's EXT outputs. */
export type OutputName = 'html' | 'markdown' | 'json' | 'screenshot' | 'text' | 'links' | 'metadata';

export type SelectorField = { selector: string; type: 'text' | 'html' | 'attr'; attribute?: string };

export type ExtractSpec =
  | { mode: 'page' }
  | { mode: 'selectors'; fields: Record<string, SelectorField> }
  | { mode: 'schema'; schema: Record<string, string> }
  | { mode: 'instruction'; instruction: string };

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
}

export type BuildOutputs = (document: FetchedDocument, request: OutputRequest) => Promise<OutputBundle>;
