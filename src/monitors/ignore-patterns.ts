import { RE2JS } from 're2js';

const MAX_PATTERNS = 50;
const MAX_PATTERN_LENGTH = 500;
const MAX_PROGRAM_SIZE = 1000;

/** Removes the parts of a line that `watch.ignore_patterns` match (timestamps, counters, ad slots). */
export type LineScrubber = (line: string) => string;

export type IgnorePatternsResult = { ok: true; scrub: LineScrubber } | { ok: false; message: string };

/**
 * Compiles `watch.ignore_patterns`: JavaScript-syntax regexes run by RE2 (re2js), so a user's pattern cannot
 * backtrack exponentially on a page's lines (the same reasoning as crawl path filters). Every match in a line
 * is removed before the diff, so "Updated 12:04" and "Updated 12:09" compare equal while the rest of the
 * line still counts.
 */
export function compileIgnorePatterns(sources: readonly string[]): IgnorePatternsResult {
  if (sources.length > MAX_PATTERNS) return { ok: false, message: `${sources.length} patterns; at most ${MAX_PATTERNS} are allowed` };
  const patterns: RE2JS[] = [];
  for (const [index, source] of sources.entries()) {
    const name = `[${index}] ${JSON.stringify(source.length > 80 ? `${source.slice(0, 80)}…` : source)}`;
    if (source.length === 0 || source.length > MAX_PATTERN_LENGTH) {
      return { ok: false, message: `${name} must have 1 to ${MAX_PATTERN_LENGTH} characters` };
    }
    try {
      new RegExp(source);
    } catch (error) {
      return { ok: false, message: `${name} is not a valid JavaScript regular expression: ${reasonOf(error)}` };
    }
    let regex: RE2JS;
    try {
      regex = RE2JS.compile(source);
    } catch (error) {
      return { ok: false, message: `${name} cannot be matched in linear time (${reasonOf(error)}); RE2 has no backreferences, lookahead or lookbehind` };
    }
    if (regex.programSize() > MAX_PROGRAM_SIZE) return { ok: false, message: `${name} compiles to more than ${MAX_PROGRAM_SIZE} RE2 instructions` };
    patterns.push(regex);
  }
  const scrub: LineScrubber = (line) => patterns.reduce((current, regex) => regex.matcher(current).replaceAll(''), line);
  return { ok: true, scrub };
}

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}
