import { documentKind } from './content/document-kind';
import { throwIfAborted } from './extraction-abort';
import { buildHtmlOutputs } from './outputs/html-outputs';
import { buildPdfOutputs } from './outputs/pdf-outputs';
import { buildTextOutputs } from './outputs/text-outputs';
import type { BuildOptions, ExtractionLimits, FetchedDocumentBuild } from './types';

/** A build in this thread: the BuildOutputs options plus the server's limits (the pool passes them to its workers). */
export interface InThreadBuildOptions extends BuildOptions {
  limits?: ExtractionLimits;
}

/**
 * Builds the requested outputs of a fetched document. A pure function of plain data (a worker thread can run
 * it). Rejects with a ScrapioError (422 extraction_failed) when the request cannot be served at all: a binary
 * document, or a page over the element limit; otherwise every output that fails becomes an OutputFailure. For
 * extract.mode schema/instruction it builds `structuredSource` instead of `outputs.json` (the main thread finishes it:
 * structured/structured-outputs.ts). In this thread the signal is checked between steps (a step itself cannot be
 * interrupted: the extraction pool ends its worker thread instead).
 */
export const buildOutputs: FetchedDocumentBuild<InThreadBuildOptions> = async (document, request, options = {}) => {
  throwIfAborted(options.signal);
  const built = request.output.filter((output) => output !== 'screenshot');
  if (built.length === 0) return { outputs: {}, failures: [] };
  const kind = documentKind(document);
  if (kind === 'pdf') return buildPdfOutputs(document, request);
  const text = document.text ?? '';
  return kind === 'html' ? buildHtmlOutputs(document, text, request, options) : buildTextOutputs(document, text, request);
};
