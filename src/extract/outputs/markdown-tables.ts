import type TurndownService from 'turndown';
import { closestElement } from '../dom/dom-walk';
import { columnSpan, isLayoutTable } from './tables';

// Markers between cells and rows while turndown assembles a data table; the table rule then lays the cells out.
// Control characters cannot come from the page: prepareHtml strips them.
const CELL = '\u0002';
const ROW = '\u0003';

/**
 * GitHub-flavoured tables for data tables: one line per row, padded to the widest row, the first row as the
 * header (a header-less table promotes its first row, which is what a reader takes as the labels). Layout tables
 * (see isLayoutTable) are left to turndown's default block rendering, which flattens them into paragraphs.
 */
export function gfmTables(service: TurndownService): void {
  const inDataTable = (node: Element): boolean => {
    const table = closestElement(node, 'table');
    return table !== null && !isLayoutTable(table);
  };
  service.addRule('dataTableCell', {
    filter: (node) => (node.nodeName === 'TD' || node.nodeName === 'TH') && inDataTable(node),
    replacement: (content, node) => CELL + cellText(content) + CELL.repeat(columnSpan(node) - 1),
  });
  service.addRule('dataTableRow', {
    filter: (node) => node.nodeName === 'TR' && inDataTable(node),
    replacement: (content) => ROW + content,
  });
  service.addRule('dataTableSection', {
    filter: (node) => (node.nodeName === 'THEAD' || node.nodeName === 'TBODY' || node.nodeName === 'TFOOT') && inDataTable(node),
    replacement: (content) => content,
  });
  service.addRule('dataTable', {
    filter: (node) => node.nodeName === 'TABLE' && !isLayoutTable(node),
    replacement: (content) => renderTable(content),
  });
}

/** One line: the cell's markdown with line breaks as spaces and pipes escaped. */
function cellText(content: string): string {
  return content
    .trim()
    .replace(/\s*\n+\s*/g, ' ')
    .replace(/\|/g, '\\|');
}

function renderTable(content: string): string {
  const [before, ...rowChunks] = content.split(ROW);
  // Text before the first cell of a row is the whitespace between tags; a row may end up with no cells.
  const rows = rowChunks
    .map((chunk) =>
      chunk
        .split(CELL)
        .slice(1)
        .map((cell) => cell.trim()),
    )
    .filter((row) => row.length > 0);
  if (!rows.some((row) => row.some((cell) => cell !== ''))) return '';
  const width = Math.max(...rows.map((row) => row.length));
  const line = (cells: string[]): string => `| ${Array.from({ length: width }, (_, index) => cells[index] ?? '').join(' | ')} |`;
  const [header, ...body] = rows;
  const lines = [line(header), line(Array<string>(width).fill('---')), ...body.map(line)];
  // What precedes the first row is the caption, rendered as a paragraph above the table.
  const caption = before.trim();
  return `\n\n${caption ? `${caption}\n\n` : ''}${lines.join('\n')}\n\n`;
}
