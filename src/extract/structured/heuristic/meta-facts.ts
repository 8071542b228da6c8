import { cleanText, type PageFact } from './fact';

/** Facts of <meta name|property> tags (description, author, OpenGraph, Twitter, article:*, product:*), <time datetime> and the h1. */
export function metaFacts(document: Document): PageFact[] {
  const facts: PageFact[] = [];
  for (const meta of Array.from(document.querySelectorAll('meta[content]'))) {
    if (meta.hasAttribute('itemprop')) continue; // read as microdata
    const name = meta.getAttribute('property') ?? meta.getAttribute('name');
    const value = cleanText(meta.getAttribute('content'));
    if (name && value) facts.push({ key: name.toLowerCase(), value, source: 'meta' });
  }
  for (const time of Array.from(document.querySelectorAll('time[datetime]'))) {
    if (time.hasAttribute('itemprop') || time.hasAttribute('property')) continue;
    const value = time.getAttribute('datetime')?.trim();
    // Its class often says which date it is ("published", "updated"); a lone <time> on a page is usually its date.
    const hint = (time.getAttribute('class') ?? '').split(/\s+/).find(Boolean);
    if (value) facts.push({ key: hint ?? 'date', value, source: 'time' });
  }
  // The h1, not <title>: a title tag carries the site's name too ("Kettle | KitchenCo").
  const heading = cleanText(document.querySelector('h1')?.textContent);
  if (heading) facts.push({ key: 'h1', value: heading, source: 'heading' });
  return facts;
}
