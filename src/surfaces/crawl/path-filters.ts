/**
 * `include_paths` / `exclude_paths`: JavaScript regular expressions tested (unanchored, like
 * `RegExp.prototype.test`; use `^` to anchor) against the URL's path as it appears in the normalised URL,
 * percent-encoding included and query excluded. A URL passes when it matches at least one include pattern
 * (or there are none) and no exclude pattern.
 *
 * Patterns come from API users and run on every discovered link, and V8 regexes cannot be interrupted,
 * so compilation also refuses what would let one request stall a worker: overlong patterns, too many
 * patterns, and a repeated group that itself contains an unbounded repetition (`(a+)+`, `(.*)*`), the
 * shape behind catastrophic backtracking. That check is syntactic and errs on the side of refusing
 * (`(\w+/)*` is refused although it is safe); the message says how to rewrite.
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

/** Compiles both lists; `message` names the field, the index and the pattern that was refused, and why. */
export function compilePathFilter(spec: PathFilterSpec): PathFilterResult {
  const include = compileList('include_paths', spec.includePaths ?? []);
  if (!include.ok) return include;
  const exclude = compileList('exclude_paths', spec.excludePaths ?? []);
  if (!exclude.ok) return exclude;
  const includes = include.patterns;
  const excludes = exclude.patterns;
  const filter: PathFilter = (url) => {
    const path = pathOf(url);
    if (path === null) return false;
    if (includes.length > 0 && !includes.some((pattern) => pattern.test(path))) return false;
    return !excludes.some((pattern) => pattern.test(path));
  };
  return { ok: true, filter };
}

type ListResult = { ok: true; patterns: RegExp[] } | { ok: false; message: string };

function compileList(field: string, sources: string[]): ListResult {
  if (sources.length > MAX_PATTERNS) {
    return { ok: false, message: `${field} has ${sources.length} patterns; at most ${MAX_PATTERNS} are allowed.` };
  }
  const patterns: RegExp[] = [];
  for (const [index, source] of sources.entries()) {
    const name = `${field}[${index}] ${JSON.stringify(source.length > 80 ? `${source.slice(0, 80)}…` : source)}`;
    if (source.length > MAX_PATTERN_LENGTH) {
      return { ok: false, message: `${name} is ${source.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed.` };
    }
    try {
      // No flags, and no `g`/`y` in particular: a stateful lastIndex would make test() alternate results.
      patterns.push(new RegExp(source));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `${name} is not a valid JavaScript regular expression: ${reason}.` };
    }
    if (hasNestedRepetition(source)) {
      return {
        ok: false,
        message: `${name} repeats a group that itself contains an unbounded repetition (like (a+)+), which can take exponential time; rewrite it without the nested repetition (e.g. "^/docs/.*" instead of "^/docs/(\\w+/)*").`,
      };
    }
  }
  return { ok: true, patterns };
}

/**
 * True when a group containing `*`, `+` or `{n,}` is itself followed by one of them. Escapes and character
 * classes are skipped; a group's unbounded repetition counts for every group around it.
 */
function hasNestedRepetition(source: string): boolean {
  const openGroups: boolean[] = []; // per open group: does it contain an unbounded repetition?
  let closedGroupRepeats = false; // the token just before is a group that contains one
  let inClass = false;
  for (let at = 0; at < source.length; at++) {
    const char = source[at];
    if (char === '\\') {
      at++;
      closedGroupRepeats = false;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === ')') {
      closedGroupRepeats = openGroups.pop() ?? false;
      if (closedGroupRepeats && openGroups.length > 0) openGroups[openGroups.length - 1] = true;
      continue;
    }
    const unbounded = char === '*' || char === '+' || (char === '{' && /^\{\d*,\}/.test(source.slice(at)));
    if (unbounded) {
      if (closedGroupRepeats) return true;
      if (openGroups.length > 0) openGroups[openGroups.length - 1] = true;
    }
    if (char === '(') openGroups.push(false);
    if (char === '[') inClass = true;
    closedGroupRepeats = false;
  }
  return false;
}

function pathOf(url: string): string | null {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}
