import { ScrapioError } from '../../errors';
import { selectAll } from '../dom/css-selectors';

/**
 * Applies `exclude_selectors` (those subtrees removed) and then `include_selectors` (only those subtrees kept, the
 * outermost of each match, in document order) to the body. An invalid selector is the caller's mistake: it fails
 * the request with a message that names it, instead of silently changing what is converted.
 */
export function applyContentSelectors(body: Element, include: string[] = [], exclude: string[] = []): void {
  for (const selector of exclude) {
    for (const element of queryAll(body, selector, 'exclude_selectors')) element.remove();
  }
  if (include.length === 0) return;
  for (const selector of include) queryAll(body, selector, 'include_selectors');
  const kept: Element[] = [];
  // One query over the union keeps document order; a match inside the previous kept one comes along with it.
  for (const element of body.querySelectorAll(include.join(', '))) {
    const last = kept[kept.length - 1];
    if (!last || !last.contains(element)) kept.push(element);
  }
  body.replaceChildren(...kept);
}

function queryAll(root: Element, selector: string, field: string): Element[] {
  try {
    return selectAll(root, selector);
  } catch (error) {
    throw new ScrapioError('invalid_request', `${field}: "${selector}" is not a valid CSS selector (${errorMessage(error)}).`, {
      cause: error,
    });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
