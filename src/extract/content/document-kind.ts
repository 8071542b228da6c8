import type { FetchedDocument } from '../fetched-document';
import { ScrapioError } from '../../errors';

export type DocumentKind = 'html' | 'pdf' | 'text';

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const PDF_TYPES = new Set(['application/pdf', 'application/x-pdf']);

/** Media that have no text to convert, even when a server labels them oddly or the engine decoded them. */
const BINARY_TYPE =
  /^(?:image|audio|video|font|model)\/|^application\/(?:octet-stream|zip|gzip|x-gzip|x-tar|x-bzip2|x-7z-compressed|x-rar-compressed|vnd\.|msword|wasm|java-archive|x-shockwave-flash)/;

/**
 * What the document is, for extraction: HTML (also sniffed when the type is missing), PDF (by type or by its
 * `%PDF-` signature) or other text. Anything else cannot be converted: that fails the request (422).
 */
export function documentKind(document: FetchedDocument): DocumentKind {
  const type = document.contentType;
  if (PDF_TYPES.has(type) || document.body.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (document.text !== undefined && !BINARY_TYPE.test(type)) {
    if (HTML_TYPES.has(type) || (type === '' && /^\s*(?:<!doctype html|<html|<head|<body)/i.test(document.text))) return 'html';
    return 'text';
  }
  throw new ScrapioError(
    'extraction_failed',
    `content type ${type || '(none)'} cannot be converted: html, markdown, text, links, metadata and json need an HTML page, a PDF or a text document.`,
  );
}
