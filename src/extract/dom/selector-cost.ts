/**
 * Request-time bounds on the CSS selectors a request runs over a page (include/exclude_selectors, selector
 * fields). Matching runs on the extraction thread and cannot be interrupted except by ending the thread, so the
 * cheap checks happen before any job exists; the job's deadline bounds the rest.
 */

/** Selectors in one list (include_selectors, exclude_selectors, extract.fields). */
export const MAX_SELECTORS = 50;
/** Characters in one selector. */
export const MAX_SELECTOR_LENGTH = 500;

/** Quoted strings and attribute selectors: their content is not selector syntax (`[class~=x]` is no combinator). */
const OPAQUE = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\[[^\]]*\]/g;
const HAS = /:has\(/gi;

/**
 * Why `selector` is refused as too costly, or undefined. `:has()` whose argument uses the subsequent-sibling
 * combinator (`div:has(~ div)`) makes each candidate scan all its later siblings and match the argument there:
 * quadratic in the page's width, and on linkedom about 25 s for 4,000 sibling divs.
 */
export function costlySelectorReason(selector: string): string | undefined {
  const syntax = selector.replace(OPAQUE, '');
  for (const match of syntax.matchAll(HAS)) {
    if (argumentOf(syntax, match.index + match[0].length).includes('~')) {
      return ':has() with the "~" sibling combinator is too costly to match on large pages';
    }
  }
  return undefined;
}

/** The text from `start` to the parenthesis that closes the one just before it (or to the end). */
function argumentOf(syntax: string, start: number): string {
  let depth = 1;
  for (let i = start; i < syntax.length; i++) {
    if (syntax[i] === '(') depth++;
    else if (syntax[i] === ')' && --depth === 0) return syntax.slice(start, i);
  }
  return syntax.slice(start);
}
