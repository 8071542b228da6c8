import { jsonLdFacts } from './json-ld-facts';
import { labelFacts } from './label-facts';
import { metaFacts } from './meta-facts';
import { itemFacts } from './item-facts';

/** Where a fact was read; the heuristic engine trusts them in this order (structured data first). */
export type FactSource = 'json-ld' | 'microdata' | 'rdfa' | 'meta' | 'label' | 'time' | 'heading';

/**
 * One thing the page states in machine-readable (or label → value) form. `key` is the property path inside its item
 * (`offers.price`, `author.name`), or the meta name (`og:title`), or the label text (`Prep time`).
 */
export interface PageFact {
  key: string;
  value: string | number | boolean | Array<string | number | boolean>;
  source: FactSource;
  /** The schema.org type of the item the fact belongs to (Product, Recipe, ...), when known. */
  itemType?: string;
}

/** Bounds what crosses the worker boundary for a page with huge tables or JSON-LD. */
const MAX_FACTS = 3000;

/**
 * Every fact the page states, read from the document as fetched (before the main-content step rewrites it): JSON-LD
 * (incl. @graph and @id references), microdata, RDFa lite, meta tags, <time datetime>, tables and definition lists
 * of label → value, and the headline. Runs on the extraction worker (CPU work), so the main thread only matches.
 */
export function collectPageFacts(document: Document): PageFact[] {
  const facts = [...jsonLdFacts(document), ...itemFacts(document), ...metaFacts(document), ...labelFacts(document)];
  return facts.slice(0, MAX_FACTS);
}

/** Text of an element as a reader sees it: whitespace collapsed, capped. */
export function cleanText(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, 2000);
}
