import { PDFParse } from 'pdf-parse';

export interface PdfContent {
  /** The text of every page, pages separated by a blank line. */
  text: string;
  pageCount: number;
  /** The Title of the document's Info dictionary, when it has one. */
  title?: string;
}

/** The text, page count and title of a PDF. Throws when the bytes are not a PDF pdf.js can read. */
export async function extractPdf(body: Buffer): Promise<PdfContent> {
  const parser = new PDFParse({
    // A copy: pdf.js may take ownership of (transfer) the bytes it is given, and the fetched body must stay intact.
    data: new Uint8Array(body),
    // The font code pdf.js would otherwise compile with eval is attacker-supplied (CVE-2024-4367); text needs none.
    isEvalSupported: false,
    verbosity: 0,
  });
  try {
    const result = await parser.getText({ pageJoiner: '' });
    const info = await parser.getInfo();
    const pages = result.pages.map((page) => tidyPageText(page.text)).filter((text) => text !== '');
    const title = typeof info.info?.Title === 'string' ? info.info.Title.trim() : '';
    return { text: pages.join('\n\n'), pageCount: result.total, ...(title ? { title } : {}) };
  } finally {
    await parser.destroy();
  }
}

function tidyPageText(text: string): string {
  return text
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
