import { jsonLdFacts } from './json-ld-facts';
import { labelFacts } from './label-facts';
import { metaFacts } from './meta-facts';
import { itemFacts } from './item-facts';
import type { PageFact } from './fact';

export type { FactSource, PageFact } from './fact';

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
