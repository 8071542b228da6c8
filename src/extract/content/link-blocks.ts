import { collapsedLength } from '../dom/whitespace';

/** Elements that can hold a run of links: lists, boxes, tables, paragraphs. */
const BLOCKS = new Set(['ul', 'ol', 'dl', 'menu', 'div', 'section', 'aside', 'header', 'footer', 'table', 'tbody', 'p', 'figure']);

/**
 * A block is link-dense when more than this share of its text is link text. Measured on the WCEB development
 * corpus (bench/quality.mjs): 0.6 kept the most article text while removing "most watched" and "related" lists;
 * 0.75 let more of them through (mean F1 0.887 against 0.889).
 */
const MAX_LINK_SHARE = 0.6;

/** Fewer links than this make a block link-dense only when it is short (a lone "Add comment" link). */
const MIN_LINKS = 3;
const SHORT_BLOCK_CHARS = 80;

/** A block holding more than this share of the content's text is the content itself, never removed. */
const MAX_REMOVED_SHARE = 0.5;

/**
 * Removes the blocks that are mostly links from the chosen content: "most watched" and "related stories" lists,
 * tag clouds, link-only footers of an article, menus left in a page body. Readability keeps such lists when they sit
 * inside its article, and they are what a reader (and a model) skips. Top-down: a removed block takes its links
 * with it, and a kept block is looked into, so a link list inside a long paragraph-rich section still goes.
 */
export function removeLinkBlocks(root: Element): void {
  const total = collapsedLength(root.textContent ?? '');
  if (total === 0) return;
  const visit = (element: Element): void => {
    let child = element.firstElementChild;
    while (child) {
      const next = child.nextElementSibling;
      if (BLOCKS.has(child.localName) && isLinkDense(child, total)) child.remove();
      else visit(child);
      child = next;
    }
  };
  visit(root);
}

function isLinkDense(element: Element, total: number): boolean {
  const text = collapsedLength(element.textContent ?? '');
  if (text === 0 || text > total * MAX_REMOVED_SHARE) return false;
  const links = element.getElementsByTagName('a');
  if (links.length === 0 || (links.length < MIN_LINKS && text >= SHORT_BLOCK_CHARS)) return false;
  let linked = 0;
  for (const link of links) linked += collapsedLength(link.textContent ?? '');
  return linked > text * MAX_LINK_SHARE;
}
