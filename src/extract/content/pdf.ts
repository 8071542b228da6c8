import { Worker } from 'node:worker_threads';

export interface PdfContent {
  /** The text of every page, pages separated by a blank line. */
  text: string;
  pageCount: number;
  /** The Title of the document's Info dictionary, when it has one. */
  title?: string;
}

/** A PDF that takes longer than this to read is abandoned (its worker is terminated). */
const PDF_TIMEOUT_MS = 30_000;
/** Heap of the PDF worker: a hostile PDF can exhaust this, not the server's heap. */
const PDF_HEAP_MB = 256;

/**
 * Runs in a worker thread. pdf.js (inside pdf-parse 2) loads its own worker module with a dynamic `import()`,
 * which needs a plain Node context (under jest's module sandbox it fails); the thread also gives a hostile PDF a
 * heap and a time limit of its own. The code is passed as a string because a worker needs a JavaScript file,
 * and the TypeScript sources have none until they are built.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.modulePath);
(async () => {
  // isEvalSupported: false because the font programs pdf.js would compile with eval are attacker-supplied
  // (CVE-2024-4367); text extraction needs none.
  const parser = new PDFParse({ data: workerData.bytes, isEvalSupported: false, verbosity: 0 });
  try {
    const text = await parser.getText({ pageJoiner: '' });
    const info = await parser.getInfo();
    const title = info.info && typeof info.info.Title === 'string' ? info.info.Title : '';
    parentPort.postMessage({ pages: text.pages.map((page) => page.text), total: text.total, title });
  } finally {
    await parser.destroy();
  }
})().catch((error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
`;

type WorkerReply = { pages: string[]; total: number; title: string } | { error: string };

/** The text, page count and title of a PDF. Rejects when pdf.js cannot read it or takes too long. */
export async function extractPdf(body: Buffer): Promise<PdfContent> {
  // A copy, handed over to the worker: the fetched body stays intact.
  const bytes = new Uint8Array(body);
  const reply = await new Promise<WorkerReply>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bytes, modulePath: require.resolve('pdf-parse') },
      transferList: [bytes.buffer],
      resourceLimits: { maxOldGenerationSizeMb: PDF_HEAP_MB },
    });
    const timer = setTimeout(() => {
      reject(new Error(`reading the PDF took more than ${PDF_TIMEOUT_MS / 1000} s`));
      void worker.terminate();
    }, PDF_TIMEOUT_MS);
    worker.once('message', (message: WorkerReply) => {
      clearTimeout(timer);
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the PDF reader stopped (exit code ${code})`));
    });
  });
  if ('error' in reply) throw new Error(`the PDF could not be read: ${reply.error}`);
  const pages = reply.pages.map(tidyPageText).filter((text) => text !== '');
  const title = reply.title.trim();
  return { text: pages.join('\n\n'), pageCount: reply.total, ...(title ? { title } : {}) };
}

function tidyPageText(text: string): string {
  return text
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
