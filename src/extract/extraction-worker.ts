import type { FetchedDocument } from './fetched-document';
import { ScrapioError, type ErrorCode } from '../errors';
import { buildOutputs } from './build-outputs';
import type { ExtractionLimits, OutputBundle, OutputRequest } from './types';

/** What crosses to a worker thread: the document with its body as bytes (a Buffer arrives as a Uint8Array). */
export interface ExtractionTask {
  document: Omit<FetchedDocument, 'body'> & { body: Uint8Array };
  request: OutputRequest;
  limits?: ExtractionLimits;
}

/** A ScrapioError does not survive the thread boundary as a class: it travels as its code and message. */
export type ExtractionReply = { bundle: OutputBundle } | { refused: { code: ErrorCode; message: string } };

/** The extraction pool's worker (piscina calls the default export with each task). */
export default async function runExtraction(task: ExtractionTask): Promise<ExtractionReply> {
  const { body } = task.document;
  const document: FetchedDocument = { ...task.document, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  try {
    return { bundle: await buildOutputs(document, task.request, { limits: task.limits }) };
  } catch (error) {
    if (error instanceof ScrapioError) return { refused: { code: error.code, message: error.message } };
    throw error;
  }
}
