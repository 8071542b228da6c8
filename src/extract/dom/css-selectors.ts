import { loadJsdom } from './lazy-jsdom';

/**
 * Which DOM may run the CSS selectors of a request, and their validation.
 *
 * The extraction DOM is linkedom, whose selector engine (css-select) differs from browsers at the edges: it
 * rejects valid selectors (`::before`, `:focus`, `:target`, `:defined`, `:placeholder-shown`), accepts invalid
 * ones (`p >`, `[1]`, the empty string, jQuery's `:contains()`), matches `:scope` and `:read-only` differently,
 * and ignores quirks mode, where browsers match class and id selectors case-insensitively. jsdom follows browsers
 * (its engine is nwsapi). Hence the rule:
 * - every request selector is validated by jsdom's engine (an error there is the user's invalid selector, as in a
 *   browser), and
 * - a request is served on linkedom only when all its selectors use no pseudo-class or pseudo-element outside
 *   LINKEDOM_PSEUDO_CLASSES and, for a quirks-mode page, no class or id selector; otherwise the page is parsed
 *   with jsdom for that request (about five times the parse cost, for these requests only).
 */

/** Pseudo-classes that css-select matches as browsers do on a static page (checked against jsdom in the tests). */
const LINKEDOM_PSEUDO_CLASSES = new Set([
  'not',
  'is',
  'where',
  'has',
  'root',
  'empty',
  'first-child',
  'last-child',
  'only-child',
  'nth-child',
  'nth-last-child',
  'first-of-type',
  'last-of-type',
  'only-of-type',
  'nth-of-type',
  'nth-last-of-type',
  'link',
  'any-link',
  'visited',
  'hover',
  'checked',
  'disabled',
  'enabled',
  'lang',
]);

/** Quoted strings and attribute selectors: their content is not selector syntax. */
const OPAQUE = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\[[^\]]*\]/g;
const PSEUDO = /::?(-?[a-zA-Z][\w-]*)/g;
const CLASS_OR_ID = /[.#]/;

let validator: Document | undefined;
const validity = new Map<string, string | null>();

/**
 * Throws a SyntaxError when a browser would reject `selector` (jsdom's engine on an empty document decides). The
 * verdicts are cached: a crawl repeats the same selectors on every page.
 */
export function assertValidSelector(selector: string): void {
  let error = validity.get(selector);
  if (error === undefined) {
    if (!validator) {
      const { JSDOM, VirtualConsole } = loadJsdom();
      validator = new JSDOM('', { virtualConsole: new VirtualConsole() }).window.document;
    }
    try {
      validator.querySelector(selector);
      error = null;
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    if (validity.size > 1000) validity.clear();
    validity.set(selector, error);
  }
  if (error !== null) throw new SyntaxError(error);
}

/** `root.querySelectorAll(selector)`, after the browser's validity check. */
export function selectAll(root: ParentNode, selector: string): Element[] {
  assertValidSelector(selector);
  return [...root.querySelectorAll(selector)];
}

/** `root.querySelector(selector)`, after the browser's validity check. */
export function selectFirst(root: ParentNode, selector: string): Element | null {
  assertValidSelector(selector);
  return root.querySelector(selector);
}

/** Whether these selectors must run on jsdom rather than linkedom (see the rule above). */
export function selectorsNeedJsdom(selectors: readonly string[], quirksMode: boolean): boolean {
  return selectors.some((selector) => {
    const syntax = selector.replace(OPAQUE, '');
    if (quirksMode && CLASS_OR_ID.test(syntax)) return true;
    for (const [, name] of syntax.matchAll(PSEUDO)) if (!LINKEDOM_PSEUDO_CLASSES.has(name.toLowerCase())) return true;
    return false;
  });
}
