/**
 * Tree helpers for the hot paths. linkedom (the extraction DOM) builds a fresh array for every `childNodes` or
 * `children` read and compiles a selector for every `closest()`/`matches()` call, while `firstChild`,
 * `nextSibling` and `parentElement` are constant-time: these helpers use only the latter.
 */

/** The nearest inclusive ancestor whose localName is `name`, without a selector. */
export function closestElement(node: Element, name: string): Element | null {
  for (let element: Element | null = node; element; element = element.parentElement) {
    if (element.localName === name) return element;
  }
  return null;
}

/** The nearest inclusive ancestor whose localName is one of `names`. */
export function closestOf(node: Element, names: ReadonlySet<string>): Element | null {
  for (let element: Element | null = node; element; element = element.parentElement) {
    if (names.has(element.localName)) return element;
  }
  return null;
}

/** Whether a descendant of `root` (not `root`) satisfies `test`, in document order, stopping at the first. */
export function someDescendant(root: Node, test: (element: Element) => boolean): boolean {
  for (let child = root.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1 && (test(child as Element) || someDescendant(child, test))) return true;
  }
  return false;
}

/** How many descendants of `root` satisfy `test`, counting no further than `limit`. */
export function countDescendants(root: Node, test: (element: Element) => boolean, limit: number): number {
  let count = 0;
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child && count < limit; child = child.nextSibling) {
      if (child.nodeType !== 1) continue;
      if (test(child as Element)) count++;
      walk(child);
    }
  };
  walk(root);
  return count;
}

/** The element children of `parent`, in order. */
export function elementChildren(parent: Node): Element[] {
  const elements: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) if (child.nodeType === 1) elements.push(child as Element);
  return elements;
}
