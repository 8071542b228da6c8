import TurndownService from 'turndown';
import { strikethrough } from '@joplin/turndown-plugin-gfm';
import { codeLanguage, preformattedText } from './code-blocks';
import { gfmTables } from './markdown-tables';
import { taskListCheckboxes } from './markdown-task-lists';
import { resolveUrl } from '../dom/urls';
import { collapseWhitespace } from '../dom/whitespace';

/** Elements that never become markdown, even when they reach the converter inside an article. */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas', 'button', 'select', 'textarea', 'input']);

/** Attributes where lazy-loading pages keep the real image URL while `src` holds a placeholder. */
const LAZY_SOURCES = ['data-src', 'data-lazy-src', 'data-original', 'data-url', 'data-srcset', 'srcset'];

/**
 * Markdown of the element's content: ATX headings, fenced code with its language, GFM tables, strikethrough and
 * task lists, absolute link and image URLs (resolved against `baseUrl`), no `data:` images, at most one blank
 * line in a row. The element is not modified (turndown works on a clone), unless `consume` is set: then turndown
 * works on the element itself and trims its whitespace; for a caller that reads nothing under it afterwards.
 */
export function htmlToMarkdown(root: Element, baseUrl: string, options: { consume?: boolean } = {}): string {
  const converter = createConverter(baseUrl);
  if (!options.consume) return tidyMarkdown(converter.turndown(root as HTMLElement));
  // Turndown always starts with input.cloneNode(true): a copy of the whole article (a fifth of its time, and
  // as much garbage as the article). An own cloneNode that returns the element skips that copy.
  Object.defineProperty(root, 'cloneNode', { value: () => root, configurable: true });
  try {
    return tidyMarkdown(converter.turndown(root as HTMLElement));
  } finally {
    delete (root as Partial<Pick<Element, 'cloneNode'>>).cloneNode;
  }
}

function createConverter(baseUrl: string): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    strongDelimiter: '**',
    hr: '---',
    // A plain newline: turndown's default hard break is two trailing spaces, which tidyMarkdown would strip.
    br: '',
  });
  service.escape = escapeMarkdown;
  service.use([strikethrough, taskListCheckboxes, gfmTables]);
  service.remove((node) => DROPPED.has(node.localName));
  service.addRule('heading', {
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    replacement: (content, node) => {
      const text = oneLine(content);
      return text ? `\n\n${'#'.repeat(Number(node.nodeName.charAt(1)))} ${text}\n\n` : '';
    },
  });
  service.addRule('listItem', {
    filter: 'li',
    // Turndown pads bullets to four columns ("-   item"); one space is the common form, nested content indented to match.
    replacement: (content, node) => {
      const list = node.parentElement;
      let marker = '- ';
      if (list?.nodeName === 'OL') {
        const start = Number.parseInt(list.getAttribute('start') ?? '1', 10);
        marker = `${(Number.isFinite(start) ? start : 1) + [...list.children].indexOf(node)}. `;
      }
      const body = content
        .replace(/^\n+/, '')
        .replace(/\n+$/, '\n')
        // A task-list checkbox renders as "[x] " and the text after it may bring its own leading space.
        .replace(/^(\[[ x]\]) +/, '$1 ')
        .replace(/\n(?=.)/g, `\n${' '.repeat(marker.length)}`);
      return marker + body + (node.nextSibling && !body.endsWith('\n') ? '\n' : '');
    },
  });
  service.addRule('fencedCode', {
    filter: 'pre',
    replacement: (_content, node) => {
      const code = preformattedText(node);
      if (!code.trim()) return '';
      // The fence must be longer than any backtick run inside the code.
      const longestRun = Math.max(2, ...(code.match(/`{3,}/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(longestRun + 1);
      return `\n\n${fence}${codeLanguage(node)}\n${code}\n${fence}\n\n`;
    },
  });
  service.addRule('link', {
    filter: (node) => node.nodeName === 'A' && node.hasAttribute('href'),
    replacement: (content, node) => {
      const text = oneLine(content.replace(/^#{1,6} /gm, ''));
      const url = resolveUrl(node.getAttribute('href') ?? '', baseUrl);
      if (!text) return '';
      if (!url || /^(?:javascript|data|vbscript):/i.test(url)) return text;
      return `[${text}](${linkDestination(url)})`;
    },
  });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const url = imageUrl(node, baseUrl);
      if (!url) return '';
      const alt = collapseWhitespace(node.getAttribute('alt') ?? '').replace(/[\\[\]]/g, '\\$&');
      return `![${alt}](${linkDestination(url)})`;
    },
  });
  return service;
}

/**
 * What turndown's escaping rules can change: `\ * ` [ ] _` anywhere, or `- + = # ~ >` or a digit opening the text
 * (its rules anchor at the start of each text node's string).
 */
const ESCAPABLE = /[\\*`[\]_]|^[-+=#~>\d]/;
const turndownEscape = TurndownService.prototype.escape;

/**
 * Turndown's escaping (its documented `escape` hook), which runs thirteen replacements over every text node: most
 * text has nothing they would change, and is returned as it is.
 */
export function escapeMarkdown(this: TurndownService | void, text: string): string {
  return ESCAPABLE.test(text) ? turndownEscape.call(this, text) : text;
}

/** The image's absolute http(s) URL, looking past `data:` placeholders to the lazy-loading attributes. */
function imageUrl(image: Element, baseUrl: string): string | undefined {
  for (const name of ['src', ...LAZY_SOURCES]) {
    const value = image.getAttribute(name)?.trim();
    // A srcset lists "url width" candidates; the first one will do.
    const candidate = name.endsWith('srcset') ? value?.split(',')[0]?.trim().split(/\s+/)[0] : value;
    if (!candidate || /^data:/i.test(candidate)) continue;
    const url = resolveUrl(candidate, baseUrl);
    if (url && /^https?:/.test(url)) return url;
  }
  return undefined;
}

function linkDestination(url: string): string {
  return url.replace(/[()]/g, '\\$&');
}

function oneLine(content: string): string {
  return content.replace(/\s*\n+\s*/g, ' ').trim();
}

/**
 * Trailing spaces and no-break spaces out, at most one blank line in a row, trimmed; fenced code is left exactly
 * as it is, blank lines included.
 */
export function tidyMarkdown(markdown: string): string {
  const lines: string[] = [];
  let fence: string | undefined;
  let previousBlank = true;
  for (const raw of markdown.split('\n')) {
    if (fence !== undefined) {
      lines.push(raw);
      const closing = /^\s*([`~]{3,})\s*$/.exec(raw);
      if (closing && closing[1][0] === fence[0] && closing[1].length >= fence.length) fence = undefined;
      continue;
    }
    const line = raw.replace(/\u00a0/g, ' ').trimEnd();
    if (line.trim() === '') {
      if (!previousBlank) lines.push('');
      previousBlank = true;
      continue;
    }
    fence = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    previousBlank = false;
    lines.push(line);
  }
  return lines.join('\n').trim();
}
