/** What collapseWhitespace changes: two whitespace characters in a row, one other than a space, or one at an end. */
const UNCOLLAPSED = /\s\s|[^\S ]|^ | $/;

/** Runs of whitespace (including no-break spaces) as one space, trimmed. */
export function collapseWhitespace(text: string): string {
  // Most text is collapsed already: testing is cheaper than building the same string again.
  return UNCOLLAPSED.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/**
 * `collapseWhitespace(text).length` without building the collapsed string: the text-share rules measure whole
 * pages (tens of KB) several times per page, and counting is a few times faster than replacing.
 */
export function collapsedLength(text: string): number {
  let length = 0;
  let started = false;
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) {
      gap = started;
    } else {
      if (gap) length++;
      gap = false;
      started = true;
      length++;
    }
  }
  return length;
}

/** The code units that `\s` matches in a JavaScript regular expression. */
function isSpace(code: number): boolean {
  if (code > 32 && code < 0xa0) return false;
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
