import type { ExtractSpec, StructuredExtractSpec } from '../types';

/** extract.mode "schema" or "instruction": served by a model or the heuristic engine, on the main thread. */
export function isStructuredSpec(extract: ExtractSpec | undefined): extract is StructuredExtractSpec {
  return extract?.mode === 'schema' || extract?.mode === 'instruction';
}
