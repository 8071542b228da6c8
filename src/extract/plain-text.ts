import { preformattedText } from './code-blocks';
import { closestElement } from './dom-walk';
import { isLayoutTable, tableCells } from './tables';
import { collapseWhitespace } from './whitespace';

/** Elements that start and end a paragraph of text. */
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'LI',
  'MAIN', 'NAV', 'OL', 'P', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'CANVAS', 'BUTTON', 'SELECT', 'TEXTAREA']);

/** Stands for `<br>` until each paragraph's whitespace is collapsed (prepareHtml strips control characters from pages). */
const LINE_BREAK = '\u0001';

/**
 * The element's text as a reader sees it: paragraphs separated by a blank line, whitespace collapsed within a
 * line, `<br>` kept as a line break, preformatted text kept line by line, and a data table's row on one line
 * with ` | ` between cells.
 */
export function toPlainText(root: Element): string {
  const paragraphs: string[] = [];
  let pending = '';
  const flush = (): void => {
    const text = pending
      .split(LINE_BREAK)
      .map(collapseWhitespace)
      .filter((line) => line !== '')
      .join('\n');
    if (text) paragraphs.push(text);
    pending = '';
  };
  const walk = (node: Node): void => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) {
        pending += child.nodeValue ?? '';
        continue;
      }
      if (child.nodeType !== 1 || SKIPPED.has(child.nodeName)) continue;
      const element = child as Element;
      if (element.nodeName === 'BR') {
        pending += LINE_BREAK;
      } else if (element.nodeName === 'PRE') {
        flush();
        const code = preformattedText(element);
        if (code.trim()) paragraphs.push(code.replace(/[ \t]+$/gm, ''));
      } else if (element.nodeName === 'TR' && isDataRow(element)) {
        flush();
        const row = tableCells(element).map((cell) => collapseWhitespace(inlineText(cell))).filter((cell) => cell !== '');
        if (row.length > 0) paragraphs.push(row.join(' | '));
      } else if (BLOCKS.has(element.nodeName)) {
        flush();
        walk(element);
        flush();
      } else {
        walk(element);
      }
    }
  };
  walk(root);
  flush();
  return paragraphs.join('\n\n');
}

function isDataRow(row: Element): boolean {
  const table = closestElement(row, 'table');
  return table !== null && !isLayoutTable(table);
}

/** All the text of an element on one line (a table cell: its paragraphs run together). */
function inlineText(element: Element): string {
  let text = '';
  const walk = (node: Node): void => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) text += child.nodeValue ?? '';
      else if (child.nodeType === 1 && !SKIPPED.has(child.nodeName)) {
        const boundary = BLOCKS.has(child.nodeName) || child.nodeName === 'BR' ? ' ' : '';
        text += boundary;
        walk(child);
        text += boundary;
      }
    }
  };
  walk(element);
  return text;
}
