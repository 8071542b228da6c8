import type { StructuredExtractor } from '../../extract/structured/structured-extractor';
import { isStructuredSpec } from '../../extract/structured/structured-spec';
import type { ExtractSpec, StructuredDiagnostics } from '../../extract/types';

/** What a surface needs to refuse, before any job exists, an extract spec that cannot be served. */
export interface StructuredExtractServices {
  structuredExtractor: Pick<StructuredExtractor, 'engineFor'>;
}

/** Request-time check of extract.mode schema/instruction: 422 llm_unavailable without a model, 400 for an unusable JSON Schema. */
export function assertExtractServable(extract: ExtractSpec | undefined, services: StructuredExtractServices): void {
  if (isStructuredSpec(extract)) services.structuredExtractor.engineFor(extract);
}

/**
 * The extraction's EXT diagnostics (engine, unfilled_fields, chunked, llm token counts), shown only to a request that
 * named `extract.engine` (an EXT field): a v1 client's completed response has no `diagnostics` in the v1 spec.
 */
export function extractionDiagnostics(extract: ExtractSpec | undefined, structured: StructuredDiagnostics | undefined): Record<string, unknown> | undefined {
  if (!structured || !isStructuredSpec(extract) || extract.engine === undefined) return undefined;
  return { ...structured };
}
