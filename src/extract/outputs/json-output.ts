import { ScrapioError } from '../../errors';
import type { ExtractSpec, PageMetadata } from '../types';

/**
 * `extract.mode: "schema" | "instruction"` needs an LLM, which this server does not have configured: the whole
 * request fails (422) before any work, with a message that says how to configure one.
 */
export function assertExtractSupported(extract: ExtractSpec | undefined): void {
  if (extract?.mode === 'schema' || extract?.mode === 'instruction') {
    throw new ScrapioError(
      'extraction_failed',
      `extract.mode "${extract.mode}" needs an LLM: set llm.baseUrl (an OpenAI-compatible endpoint) in scrapio.config.json; no LLM is configured.`,
    );
  }
}

/** `extract.mode: "page"` (and `json` without `extract`): the page in one object. */
export function pageJson(metadata: PageMetadata, markdown: string): Record<string, unknown> {
  return {
    title: metadata.title ?? null,
    description: metadata.description ?? null,
    markdown,
    language: metadata.language ?? null,
    url: metadata.final_url,
  };
}
