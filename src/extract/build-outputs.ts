import { documentKind } from './content/document-kind';
import { buildHtmlOutputs } from './outputs/html-outputs';
import { buildPdfOutputs } from './outputs/pdf-outputs';
import { buildTextOutputs } from './outputs/text-outputs';
import type { BuildOutputs } from './types';

/**
 * Builds the requested outputs of a fetched document. A pure function of plain data (a worker thread can run
 * it). Rejects with a ScrapioError (422 extraction_failed) when the request cannot be served at all (a binary
 * document); otherwise every output that fails becomes an OutputFailure. For extract.mode schema/instruction it builds
 * `structuredSource` instead of `outputs.json` (the main thread finishes it: structured/structured-outputs.ts).
 */
export const buildOutputs: BuildOutputs = async (document, request) => {
  const built = request.output.filter((output) => output !== 'screenshot');
  if (built.length === 0) return { outputs: {}, failures: [] };
  const kind = documentKind(document);
  if (kind === 'pdf') return buildPdfOutputs(document, request);
  const text = document.text ?? '';
  return kind === 'html' ? buildHtmlOutputs(document, text, request) : buildTextOutputs(document, text, request);
};
