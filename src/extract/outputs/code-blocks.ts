/** Preformatted text and its language, shared by the markdown and the plain-text conversions. */

const LANGUAGE_CLASS = /(?:^|\s)(?:language|lang|highlight-source|highlight-text)-([\w#+.-]+)/i;

/** Elements that highlighters use for one line each, without a newline in the text. */
const LINE_ELEMENTS = new Set(['div', 'p', 'li', 'tr']);

/**
 * The language of a `<pre>`: a `language-*`/`lang-*` class (or a `data-lang`) on its `<code>`, on itself or on
 * its wrapper (GitHub's `highlight-source-*`).
 */
export function codeLanguage(pre: Element): string {
  const candidates = [pre.querySelector('code'), pre, pre.parentElement];
  for (const element of candidates) {
    if (!element) continue;
    const match = LANGUAGE_CLASS.exec(element.getAttribute('class') ?? '');
    if (match) return match[1].toLowerCase();
    const dataLanguage = element.getAttribute('data-lang') ?? element.getAttribute('data-language');
    if (dataLanguage && /^[\w#+.-]+$/.test(dataLanguage)) return dataLanguage.toLowerCase();
  }
  return '';
}

/**
 * The text of a `<pre>` as displayed: `<br>` and line elements become newlines; no blank lines around it. A `<p>`
 * inside a `<pre>` is most likely Readability's doing: it turns every run of `<br>`s into a paragraph, so it stands
 * for a blank line.
 */
export function preformattedText(pre: Element): string {
  let text = '';
  const breakLine = (): void => {
    if (text !== '' && !text.endsWith('\n')) text += '\n';
  };
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) text += child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const name = (child as Element).localName;
        if (name === 'br') {
          text += '\n';
          continue;
        }
        const isLine = LINE_ELEMENTS.has(name);
        if (isLine) breakLine();
        if (name === 'p' && text !== '' && !text.endsWith('\n\n')) text += '\n';
        walk(child);
        if (isLine) breakLine();
      }
    }
  };
  walk(pre);
  return text.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
}
