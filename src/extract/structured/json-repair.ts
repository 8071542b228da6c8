/** Why a model's answer could not be read as JSON, in words that can be sent back to it. */
export class UnreadableAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableAnswerError';
  }
}

/**
 * Reads the JSON value of a model's answer. Backends without a JSON mode (and some with one) wrap it in prose
 * ("Here is the data: {...}") or a ```json fence, or leave a trailing comma: those are repaired. An answer with
 * no JSON value in it, or a broken one, throws UnreadableAnswerError (the caller then asks the model once more).
 */
export function parseModelJson(answer: string): unknown {
  const text = answer.replace(/^\uFEFF/, '').trim();
  if (text === '') throw new UnreadableAnswerError('the answer was empty');
  const direct = tryParse(text);
  if (direct.ok) return direct.value;
  const candidates = [...fencedBlocks(text), ...balancedValues(text)];
  let lastError = direct.error;
  for (const candidate of candidates) {
    for (const variant of [candidate, withoutTrailingCommas(candidate)]) {
      const parsed = tryParse(variant);
      if (parsed.ok) return parsed.value;
      lastError = parsed.error;
    }
  }
  throw new UnreadableAnswerError(candidates.length === 0 ? 'the answer contains no JSON object' : `the JSON in the answer is malformed (${lastError})`);
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** The contents of ``` fences, ```json first. */
function fencedBlocks(text: string): string[] {
  const blocks: string[] = [];
  for (const match of text.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)) blocks.push(match[1].trim());
  return blocks;
}

/** Each top-level {...} or [...] span, found by bracket matching that skips strings, objects before arrays. */
function balancedValues(text: string): string[] {
  const spans: string[] = [];
  for (const open of ['{', '[']) {
    const close = open === '{' ? '}' : ']';
    let start = text.indexOf(open);
    while (start >= 0) {
      const end = matchingClose(text, start, open, close);
      if (end < 0) {
        // Unclosed: the model stopped early; offer what there is so the error names the real problem.
        spans.push(text.slice(start));
        break;
      }
      spans.push(text.slice(start, end + 1));
      start = text.indexOf(open, end + 1);
    }
  }
  return spans;
}

function matchingClose(text: string, start: number, open: string, close: string): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === open) depth += 1;
    else if (char === close) {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function withoutTrailingCommas(text: string): string {
  return text.replace(/,\s*([}\]])/g, '$1');
}
