import { cleanText, type PageFact } from './page-facts';

/** Facts of <meta name|property> tags (description, author, OpenGraph, Twitter, article:*, product:*), <time datetime>, the title and h1. */
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
    // The class or the nearest labelled ancestor often says which date it is ("published", "updated", "event-start").
    const hint = [time.getAttribute('class'), time.parentElement?.getAttribute('class')].filter(Boolean).join(' ');
    if (value) facts.push({ key: hint ? `time ${hint}` : 'time', value, source: 'time' });
  }
  const title = cleanText(document.querySelector('title')?.textContent);
  if (title) facts.push({ key: 'title', value: title, source: 'heading' });
  const heading = cleanText(document.querySelector('h1')?.textContent);
  if (heading) facts.push({ key: 'h1', value: heading, source: 'heading' });
  return facts;
}
