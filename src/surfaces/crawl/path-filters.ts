import { RE2JS } from 're2js';

/**
 * `include_paths` / `exclude_paths`: regular expressions in JavaScript syntax, tested (unanchored, like
 * `RegExp.prototype.test`; use `^` to anchor) against the URL's path as it appears in the normalised URL,
 * percent-encoding included and query excluded. A URL passes when it matches at least one include pattern
 * (or there are none) and no exclude pattern.
 *
 * Patterns come from API users and run on every discovered link, so they are matched by RE2 (re2js), whose
 * time is linear in the path length times the pattern's compiled size: `(a|a)*$` or `(a+)+$` cannot
 * backtrack exponentially as they would in V8. What RE2 cannot express in linear time (backreferences,
 * lookahead, lookbehind) is refused at request time, as are patterns that compile too large. Every pattern
 * must also be a valid JavaScript regex, so the syntax users know keeps its meaning (paths are ASCII after
 * percent-encoding, where the two dialects agree on `.`, `\w`, `\d`, `\s`, `\b`, `^` and `$`).
 *
 * Linear is not free: one check costs up to path length × program size steps. A URL whose check would
 * exceed WORK_BUDGET (only long paths against very large patterns reach it) is treated as out of scope
 * rather than matched, so no single link can hold the event loop for long.
 */

export interface PathFilterSpec {
  includePaths?: string[];
  excludePaths?: string[];
}

/** True when the URL may be crawled. */
export type PathFilter = (url: string) => boolean;

export type PathFilterResult = { ok: true; filter: PathFilter } | { ok: false; message: string };

const MAX_PATTERNS = 100;
const MAX_PATTERN_LENGTH = 500;
/** RE2's "program size" of one pattern (roughly its instructions after expanding counted repetitions). */
const MAX_PROGRAM_SIZE = 1000;
/** Path characters × summed program size of all patterns: a few tens of milliseconds at worst. */
const WORK_BUDGET = 2_000_000;

interface CompiledPattern {
  regex: RE2JS;
  size: number;
}

/** Compiles both lists; `message` names the field, the index and the pattern that was refused, and why. */
export function compilePathFilter(spec: PathFilterSpec): PathFilterResult {
  const include = compileList('include_paths', spec.includePaths ?? []);
  if (!include.ok) return include;
  const exclude = compileList('exclude_paths', spec.excludePaths ?? []);
  if (!exclude.ok) return exclude;
  const includes = include.patterns;
  const excludes = exclude.patterns;
  const totalSize = [...includes, ...excludes].reduce((sum, pattern) => sum + pattern.size, 0);
  const matches = (pattern: CompiledPattern, path: string) => pattern.regex.matcher(path).find();
  const filter: PathFilter = (url) => {
    const path = pathOf(url);
    if (path === null) return false;
    if (totalSize > 0 && path.length * totalSize > WORK_BUDGET) return false;
    if (includes.length > 0 && !includes.some((pattern) => matches(pattern, path))) return false;
    return !excludes.some((pattern) => matches(pattern, path));
  };
  return { ok: true, filter };
}

type ListResult = { ok: true; patterns: CompiledPattern[] } | { ok: false; message: string };

function compileList(field: string, sources: string[]): ListResult {
  if (sources.length > MAX_PATTERNS) {
    return { ok: false, message: `${field} has ${sources.length} patterns; at most ${MAX_PATTERNS} are allowed.` };
  }
  const patterns: CompiledPattern[] = [];
  for (const [index, source] of sources.entries()) {
    const name = `${field}[${index}] ${JSON.stringify(source.length > 80 ? `${source.slice(0, 80)}…` : source)}`;
    const compiled = compileOne(name, source);
    if (!compiled.ok) return compiled;
    patterns.push(compiled.pattern);
  }
  return { ok: true, patterns };
}

function compileOne(name: string, source: string): { ok: true; pattern: CompiledPattern } | { ok: false; message: string } {
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, message: `${name} is ${source.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed.` };
  }
  try {
    // Only a syntax check: V8 compiles lazily and never runs this regex.
    new RegExp(source);
  } catch (error) {
    return { ok: false, message: `${name} is not a valid JavaScript regular expression: ${reasonOf(error)}.` };
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(source);
  } catch (error) {
    return {
      ok: false,
      message: `${name} cannot be matched in linear time (${reasonOf(error)}); path filters run on RE2, which has no backreferences, lookahead or lookbehind, and repetition counts up to 1000.`,
    };
  }
  const size = regex.programSize();
  if (size > MAX_PROGRAM_SIZE) {
    return {
      ok: false,
      message: `${name} compiles to ${size} RE2 instructions; at most ${MAX_PROGRAM_SIZE} are allowed (large counted repetitions such as {1,500} expand; use * or + instead).`,
    };
  }
  return { ok: true, pattern: { regex, size } };
}

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}

function pathOf(url: string): string | null {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}
