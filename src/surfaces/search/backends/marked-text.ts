// The crawler's decoder: every numeric reference and the common names, which is what result snippets carry.
import { decodeAttributeValue } from '../../../engine/web/html-entities';

/**
 * A result snippet's HTML as plain text, with the engine's bold highlights (<b>, <strong>) turned into the
 * ** marker the local index uses, so every backend marks matched terms the same way.
 */
export function markedText(html: string): string {
  const marked = html.replace(/<\/?(?:b|strong)(?:\s[^>]*)?>/gi, '**').replace(/<[^>]*>/g, '');
  return decodeAttributeValue(marked)
    .replace(/\*\*(\s*)\*\*/g, '$1') // adjacent highlights (<b>a</b> <b>b</b>) read as one: **a b**
    .replace(/\s+/g, ' ')
    .trim();
}

/** Title HTML as plain text (titles carry no highlight markers). */
export function plainText(html: string): string {
  return decodeAttributeValue(html.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}
