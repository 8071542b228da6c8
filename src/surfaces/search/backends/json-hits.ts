import { ScrapioError } from '../../../errors';
import { markedText, plainText } from './marked-text';
import type { SearchHit } from './search-backend';

export interface JsonHitFields {
  /** The key of the snippet in each result object (`content`, `description`). */
  snippetKey: string;
  /** Brave sends HTML (matched terms in <strong>, entities); SearXNG sends plain text, where "<" is just a character. */
  html: boolean;
}

/**
 * The results array of a JSON search API as hits. A missing array means the API is not the one expected
 * (extraction_failed); an entry without an absolute http(s) `url` is skipped, the others are kept.
 */
export function toHits(backend: string, path: string, results: unknown, fields: JsonHitFields): SearchHit[] {
  if (!Array.isArray(results)) {
    throw new ScrapioError('extraction_failed', `The ${backend} search backend answered JSON without the expected "${path}" array.`);
  }
  const hits: SearchHit[] = [];
  for (const entry of results as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { url, title } = entry as Record<string, unknown>;
    const snippet = (entry as Record<string, unknown>)[fields.snippetKey];
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url) || !URL.canParse(url)) continue;
    const titleText = typeof title === 'string' ? title : '';
    const snippetText = typeof snippet === 'string' ? snippet : '';
    hits.push({
      url,
      title: (fields.html ? plainText(titleText) : collapse(titleText)) || url,
      snippet: fields.html ? markedText(snippetText) : collapse(snippetText),
    });
  }
  return hits;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
