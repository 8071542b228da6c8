import { cleanText, type PageFact } from './fact';

const MAX_LABEL_LENGTH = 40;
/** "Price: $19.99", "Prep time – 15 min": a short label, a separator, a value. */
const LABEL_LINE = /^([^:–—|]{2,40}?)\s*[:–—|]\s*(.{1,300})$/;

/** Facts stated as label → value: two-cell table rows, definition lists, lists under a heading, and short "Label: value" lines. */
export function labelFacts(document: Document): PageFact[] {
  const facts: PageFact[] = [];
  const push = (label: string, value: string) => {
    const key = cleanText(label).replace(/[:\s]+$/, '');
    const text = cleanText(value);
    if (key && text && key.length <= MAX_LABEL_LENGTH) facts.push({ key, value: text, source: 'label' });
  };
  for (const row of Array.from(document.querySelectorAll('tr'))) {
    const cells = Array.from(row.children).filter((cell) => /^(TD|TH)$/i.test(cell.tagName));
    // A value cell holding a <time datetime> states the machine-readable date: take that.
    if (cells.length === 2) push(cells[0].textContent ?? '', cells[1].querySelector('time[datetime]')?.getAttribute('datetime') ?? cells[1].textContent ?? '');
  }
  for (const term of Array.from(document.querySelectorAll('dt'))) {
    const values: string[] = [];
    for (let next = term.nextElementSibling; next && next.tagName.toLowerCase() === 'dd'; next = next.nextElementSibling) values.push(next.textContent ?? '');
    if (values.length > 0) push(term.textContent ?? '', values.join(', '));
  }
  // <h2>Ingredients</h2><ul>...</ul>: the heading labels the list.
  for (const heading of Array.from(document.querySelectorAll('h2, h3, h4'))) {
    const list = heading.nextElementSibling;
    if (!list || !/^(UL|OL)$/i.test(list.tagName)) continue;
    const items = Array.from(list.children)
      .map((item) => cleanText(item.textContent))
      .filter(Boolean);
    const key = cleanText(heading.textContent);
    if (items.length > 0 && key.length <= MAX_LABEL_LENGTH) facts.push({ key, value: items, source: 'label' });
  }
  for (const item of Array.from(document.querySelectorAll('li, p'))) {
    const match = LABEL_LINE.exec(cleanText(item.textContent));
    if (match && item.children.length <= 3) push(match[1], match[2]);
  }
  return facts;
}
