import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FetchedDocument } from '../../src/extract/fetched-document';

export const PAGE_URL = 'https://valley.example/news/2024/wye-bridge.html';

/** A fetched HTML page, as the HTTP engine would hand it over. */
export function htmlDocument(html: string, overrides: Partial<FetchedDocument> = {}): FetchedDocument {
  return {
    requestedUrl: PAGE_URL,
    finalUrl: PAGE_URL,
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    contentType: 'text/html',
    body: Buffer.from(html, 'utf8'),
    text: html,
    redirects: [],
    ...overrides,
  };
}

/** A fetched document without text (the engine decodes text types only). */
export function binaryDocument(body: Buffer, contentType: string): FetchedDocument {
  return { ...htmlDocument(''), contentType, headers: { 'content-type': contentType }, body, text: undefined };
}

export function readFixture(name: string): string {
  return readFileSync(join(__dirname, '../fixtures/extract', name), 'utf8');
}

/**
 * A valid PDF with one page of Helvetica text per entry and an Info Title: small enough to build in a test,
 * real enough for pdf.js (cross-reference offsets are computed, not faked).
 */
export function tinyPdf(pages: string[], title: string): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const pagesId = font + pages.length * 2 + 1;
  const pageIds = pages.map((text) => {
    const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    return add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] /Contents ${content} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`);
  });
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`);
  const catalog = add(`<< /Type /Catalog /Pages ${pagesId} 0 R >>`);
  const info = add(`<< /Title (${title}) >>`);
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
