import { preformattedText } from './code-blocks';
import { closestElement } from '../dom/dom-walk';
import { isLayoutTable, tableCells } from './tables';
import { collapseWhitespace } from '../dom/whitespace';

// By localName: a plain property on every DOM, where nodeName is computed (upper-cased) on each read in linkedom.
/** Elements that start and end a paragraph of text. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'canvas', 'button', 'select', 'textarea']);

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
    const text = pending.includes(LINE_BREAK)
      ? pending
          .split(LINE_BREAK)
          .map(collapseWhitespace)
          .filter((line) => line !== '')
          .join('\n')
      : collapseWhitespace(pending);
    if (text) paragraphs.push(text);
    pending = '';
  };
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        pending += child.nodeValue ?? '';
        continue;
      }
      if (child.nodeType !== 1) continue;
      const element = child as Element;
      const name = element.localName;
      if (SKIPPED.has(name)) continue;
      if (name === 'br') {
        pending += LINE_BREAK;
      } else if (name === 'pre') {
        flush();
        const code = preformattedText(element);
        if (code.trim()) paragraphs.push(code.replace(/[ \t]+$/gm, ''));
      } else if (name === 'tr' && isDataRow(element)) {
        flush();
        const row = tableCells(element)
          .map((cell) => collapseWhitespace(inlineText(cell)))
          .filter((cell) => cell !== '');
        if (row.length > 0) paragraphs.push(row.join(' | '));
      } else if (BLOCKS.has(name)) {
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
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) text += child.nodeValue ?? '';
      else if (child.nodeType === 1 && !SKIPPED.has((child as Element).localName)) {
        const name = (child as Element).localName;
        const boundary = BLOCKS.has(name) || name === 'br' ? ' ' : '';
        text += boundary;
        walk(child);
        text += boundary;
      }
    }
  };
  walk(element);
  return text;
}
