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

/** Text of an element as a reader sees it: whitespace collapsed, capped. */
export function cleanText(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, 2000);
}
