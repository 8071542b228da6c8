/**
 * Token arithmetic without a tokenizer: about 4 characters a token for English prose and markdown, the usual rule
 * for OpenAI-style BPE vocabularies. It only decides when and where to split, so being roughly right is enough;
 * the configured budget should leave headroom below the model's real context size.
 */
export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export interface ChunkOptions {
  /** Tokens one chunk may have. */
  chunkTokens: number;
  /** Tokens repeated at the start of the next chunk, so a fact cut at a boundary is whole in one of them. */
  overlapTokens: number;
}

/**
 * Splits text into chunks of at most chunkTokens, each starting overlapTokens before the previous one ended.
 * Cuts fall on a paragraph break, else a line break, else a space, in the second half of the window.
 */
export function chunkText(text: string, options: ChunkOptions): string[] {
  const size = Math.max(1, options.chunkTokens) * CHARS_PER_TOKEN;
  const overlap = Math.min(Math.max(0, options.overlapTokens) * CHARS_PER_TOKEN, Math.floor(size / 2));
  if (text.length <= size) return [text];
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) end = cutPoint(text, start + Math.floor(size / 2), end);
    chunks.push(text.slice(start, end).trim());
    if (end >= text.length) break;
    const next = end - overlap;
    const space = text.indexOf(' ', next);
    start = Math.max(start + 1, space > next && space < end ? space + 1 : next);
  }
  return chunks.filter((chunk) => chunk.length > 0);
}

function cutPoint(text: string, from: number, to: number): number {
  const window = text.slice(from, to);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at >= 0) return from + at + separator.length;
  }
  return to;
}
