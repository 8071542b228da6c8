import type { BuildOutputs, OutputBundle } from '../types';
import type { StructuredExtractor } from './structured-extractor';
import { isStructuredSpec } from './structured-spec';

/**
 * Wraps the (worker-thread) build of outputs with the main-thread step of extract.mode schema/instruction: the worker
 * builds the page's markdown and facts (CPU work), then the model calls (network I/O, bounded server-wide) or the
 * heuristic matching turn them into `outputs.json`. Every surface that builds outputs (fetch, crawl pages, interact,
 * search results) gets it through its one `buildOutputs` service.
 */
export function withStructuredExtraction(build: BuildOutputs, extractor: StructuredExtractor): BuildOutputs {
  return async (document, request, options) => {
    const bundle = await build(document, request, options);
    const { structuredSource, ...rest } = bundle;
    if (!structuredSource || !isStructuredSpec(request.extract)) return rest;
    const result = await extractor.extract(request.extract, structuredSource, options?.signal);
    const built: OutputBundle = { ...rest, outputs: { ...rest.outputs, json: result.json }, structured: result.diagnostics };
    return built;
  };
}
