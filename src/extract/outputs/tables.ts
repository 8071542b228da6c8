/** Table structure shared by the markdown and the plain-text conversions. */
import { countDescendants, elementChildren, someDescendant } from '../dom/dom-walk';
import { collapsedLength } from '../dom/whitespace';

const SECTIONS = new Set(['THEAD', 'TBODY', 'TFOOT']);
const CELLS = new Set(['TD', 'TH']);

/** Block structure that does not fit on one line of a GFM table cell. */
const BLOCK_IN_CELL = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'hr', 'table']);
/** Blocks of prose: more than one of them in a cell makes it a layout cell. */
const PROSE_BLOCKS = new Set(['p', 'ul', 'ol', 'dl']);

/** A cell longer than this is prose laid out with a table, not a datum. */
const MAX_DATA_CELL_LENGTH = 500;

const layoutCache = new WeakMap<Element, boolean>();

/**
 * A table used to lay out a page rather than to hold data: nested tables, one column, `role="presentation"`, or
 * cells that hold headings, several paragraphs or long prose. Such a table is flattened: its cells become blocks.
 */
export function isLayoutTable(table: Element): boolean {
  let layout = layoutCache.get(table);
  if (layout === undefined) {
    const rows = tableRows(table);
    layout =
      table.getAttribute('role') === 'presentation' ||
      rows.every((row) => tableCells(row).length <= 1) ||
      rows.some((row) => tableCells(row).some(isProseCell));
    layoutCache.set(table, layout);
  }
  return layout;
}

/** The table's own rows in document order (thead, tbody, tfoot or direct), not those of nested tables. */
export function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of elementChildren(table)) {
    if (child.nodeName === 'TR') rows.push(child);
    else if (SECTIONS.has(child.nodeName)) rows.push(...elementChildren(child).filter((row) => row.nodeName === 'TR'));
  }
  return rows;
}

export function tableCells(row: Element): Element[] {
  return elementChildren(row).filter((cell) => CELLS.has(cell.nodeName));
}

/** How many columns a cell spans (1 to 50: a bogus colspan must not blow a row up). */
export function columnSpan(cell: Element): number {
  const span = Number.parseInt(cell.getAttribute('colspan') ?? '1', 10);
  return Number.isFinite(span) ? Math.min(Math.max(span, 1), 50) : 1;
}

function isProseCell(cell: Element): boolean {
  // Walks rather than querySelector: called for every cell of every table (see dom-walk.ts).
  if (someDescendant(cell, (element) => BLOCK_IN_CELL.has(element.localName))) return true;
  if (countDescendants(cell, (element) => PROSE_BLOCKS.has(element.localName), 2) > 1) return true;
  return collapsedLength(cell.textContent ?? '') > MAX_DATA_CELL_LENGTH;
}
