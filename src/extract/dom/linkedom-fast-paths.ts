import { dirname, join } from 'node:path';

/**
 * Faster versions of the linkedom members that Readability, turndown and the cleaners call thousands of times per
 * page, installed once per process on linkedom's own prototypes. Each returns exactly what linkedom's does; only
 * the work is cut:
 * - `tagName` / `nodeName` upper-case the local name on every read (linkedom's `localCase`): a string
 *   allocation per read, on the most read properties of the pipeline. Here the upper-case names are remembered.
 * - `getElementsByTagName` upper-cases the local name of every element that does not match; here too.
 * - `querySelectorAll` compiles its selector with css-select on every call. Readability calls it with lists of
 *   tag names ("h1,h2,h3") dozens of times per page: those are matched by local name here; any other selector
 *   goes to linkedom's.
 * - `style` and `innerHTML` take shortcuts while Readability runs, and only then (see withReadabilityShortcuts).
 *
 * linkedom's internal modules are loaded by path (its package exports only the entry point): the same module
 * instances linkedom uses, so the same prototypes and private symbols. linkedom is pinned in package-lock.json;
 * the unit tests (linkedom-fast-paths.test.ts) compare every member with linkedom's own on real pages.
 */

interface LinkedomSymbols {
  NEXT: symbol;
  END: symbol;
  MIME: symbol;
}

/** What the fast paths read of a linkedom node (`this` may also be the document stand-in linkedom's query uses). */
interface LinkedomNode {
  nodeType: number;
  localName: string;
  ownerDocument: Record<symbol, { ignoreCase: boolean }>;
  [key: symbol]: LinkedomNode;
}

type NodeListClass = new () => Element[];

const ELEMENT_NODE = 1;

/** A list of tag names only, as Readability's _getAllNodesWithTag builds: "h1,h2,h3". */
const TAG_NAME_LIST = /^\s*[a-zA-Z][a-zA-Z0-9]*(?:\s*,\s*[a-zA-Z][a-zA-Z0-9]*)*\s*$/;

/** The declaration of an element without a style attribute, as far as `display` and `visibility` go. */
const NO_STYLE = Object.freeze({ display: '', visibility: '' });

/** Whether Readability is running (see withReadabilityShortcuts). */
let readabilityRunning = false;

interface LinkedomInternals extends LinkedomSymbols {
  NodeList: NodeListClass;
  /** The prototype of elements, documents and fragments: querySelectorAll, getElementsByTagName... */
  parentNode: object;
  element: object;
}

let internals: LinkedomInternals | undefined;

function linkedomInternals(): LinkedomInternals {
  if (internals) return internals;
  const root = dirname(require.resolve('linkedom'));
  // linkedom's internals are not in its exports map: load the files by path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = <T>(path: string): T => require(join(root, path)) as T;
  internals = {
    ...load<LinkedomSymbols>('shared/symbols.js'),
    NodeList: load<{ NodeList: NodeListClass }>('interface/node-list.js').NodeList,
    parentNode: load<{ ParentNode: { prototype: object } }>('mixin/parent-node.js').ParentNode.prototype,
    element: load<{ Element: { prototype: object } }>('interface/element.js').Element.prototype,
  };
  return internals;
}

let installed = false;

/** Replaces the getter of `name` on `prototype` with `wrap(original getter)`, keeping the rest of the accessor. */
function wrapGetter(prototype: object, name: string, wrap: (original: (this: Element) => unknown) => (this: Element) => unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
  const original = descriptor?.get as ((this: Element) => unknown) | undefined;
  if (descriptor && original) Object.defineProperty(prototype, name, { ...descriptor, get: wrap(original) });
}

/** Installs the fast paths (once per process; later calls do nothing). */
export function installLinkedomFastPaths(): void {
  if (installed) return;
  installed = true;
  const { NEXT, END, MIME, NodeList, parentNode, element } = linkedomInternals();

  // The shortcuts of withReadabilityShortcuts: installed once and switched by a flag, since redefining a
  // prototype's accessor on every call would throw away V8's optimised property lookups on every element.
  wrapGetter(
    element,
    'style',
    (linkedomStyle) =>
      function (this: Element) {
        return readabilityRunning && !this.hasAttribute('style') ? NO_STYLE : linkedomStyle.call(this);
      },
  );
  wrapGetter(
    element,
    'innerHTML',
    (linkedomInnerHtml) =>
      function (this: Element) {
        return readabilityRunning && this.parentNode === null ? '' : linkedomInnerHtml.call(this);
      },
  );

  // Bounded: pages may use any number of custom element names, and the workers live long.
  const MAX_REMEMBERED_NAMES = 2_000;
  const upperCase = new Map<string, string>();
  /** linkedom's localCase: the local name, upper-cased in HTML documents. */
  const localCase = (node: LinkedomNode): string => {
    const name = node.localName;
    if (!node.ownerDocument[MIME].ignoreCase) return name;
    let upper = upperCase.get(name);
    if (upper === undefined) {
      upper = name.toUpperCase();
      if (upperCase.size < MAX_REMEMBERED_NAMES) upperCase.set(name, upper);
    }
    return upper;
  };
  const nameAccessor = {
    configurable: true,
    enumerable: false,
    get(this: LinkedomNode) {
      return localCase(this);
    },
  };
  Object.defineProperty(element, 'tagName', nameAccessor);
  Object.defineProperty(element, 'nodeName', nameAccessor);

  Object.defineProperty(parentNode, 'getElementsByTagName', {
    configurable: true,
    writable: true,
    value(this: LinkedomNode, tagName: string): Element[] {
      // localCase gives the local name or its upper case: a name with a lower-case letter can only be the former.
      const localNameOnly = /[a-z]/.test(tagName);
      const elements = new NodeList();
      for (let next = this[NEXT], end = this[END]; next !== end; next = next[NEXT]) {
        if (next.nodeType === ELEMENT_NODE && (next.localName === tagName || (!localNameOnly && localCase(next) === tagName))) {
          elements.push(next as unknown as Element);
        }
      }
      return elements;
    },
  });

  const querySelectorAll = Reflect.get(parentNode, 'querySelectorAll') as (this: LinkedomNode, selectors: string) => Element[];
  Object.defineProperty(parentNode, 'querySelectorAll', {
    configurable: true,
    writable: true,
    value(this: LinkedomNode, selectors: string): Element[] {
      // HTML documents only: there css-select compares the lower-cased names of selector and element.
      const htmlDocument = this.ownerDocument[MIME].ignoreCase;
      if (!htmlDocument || typeof selectors !== 'string' || !TAG_NAME_LIST.test(selectors)) return querySelectorAll.call(this, selectors);
      const names = new Set(selectors.split(',').map((name) => name.trim().toLowerCase()));
      const elements = new NodeList();
      let next = this[NEXT];
      const end = this[END];
      while (next !== end) {
        const isElement = next.nodeType === ELEMENT_NODE;
        if (isElement && names.has(lowerCase(next.localName))) elements.push(next as unknown as Element);
        // As linkedom's: a template's content is not searched.
        next = isElement && next.localName === 'template' ? next[END] : next[NEXT];
      }
      return elements;
    },
  });
}

/** Local names are lower case already, except those of some SVG elements (foreignObject, clipPath...). */
function lowerCase(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 65 && code <= 90) return name.toLowerCase();
  }
  return name;
}

/**
 * Runs `run`, a call of Readability (0.6: `parse()` without `debug`, or `isProbablyReaderable`), with two
 * shortcuts on linkedom elements, exact for what Readability reads of them:
 * - `style`: Readability reads only `style.display` and `style.visibility`, of every element (its visibility
 *   checks). linkedom builds each element a CSSStyleDeclaration (a Map behind a Proxy, which re-reads the style
 *   attribute on every property read); an element without a style attribute has neither property set, and gets a
 *   shared empty declaration instead. Elements with one get linkedom's.
 * - `innerHTML` of an element outside any tree reads ''. Readability 0.6 reads it of detached elements only to
 *   build debug log messages, which it builds even when nothing is logged (the article, at the end of
 *   `parse()`, is the costly one: a serialisation of the whole article thrown away). Its other reads are of
 *   elements in the page (the body, noscripts, embeds). This holds because readability-article.ts passes an
 *   element serializer: with Readability's default one, `content` itself would be the article's innerHTML.
 */
export function withReadabilityShortcuts<T>(run: () => T): T {
  installLinkedomFastPaths();
  const outer = readabilityRunning;
  readabilityRunning = true;
  try {
    return run();
  } finally {
    readabilityRunning = outer;
  }
}
