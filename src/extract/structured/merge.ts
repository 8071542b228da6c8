import { canonicalJson } from '../../lib/canonical-json';

/**
 * Merges the answers of a page's chunks into one: per key, the first non-null scalar (chunks are in page order,
 * so the earliest statement wins), lists concatenated without duplicates, objects merged the same way.
 */
export function mergeAnswers(answers: Array<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const answer of answers) {
    for (const [key, value] of Object.entries(answer)) merged[key] = mergeValue(merged[key], value);
  }
  return merged;
}

function mergeValue(current: unknown, next: unknown): unknown {
  if (current === undefined || current === null) return next;
  if (next === undefined || next === null) return current;
  if (Array.isArray(current) && Array.isArray(next)) return uniqueConcat(current, next);
  if (isObject(current) && isObject(next)) return mergeAnswers([current, next]);
  if (typeof current === 'string' && current.trim() === '' && typeof next === 'string') return next;
  return current;
}

function uniqueConcat(first: unknown[], second: unknown[]): unknown[] {
  const seen = new Set<string>();
  const result: unknown[] = [];
  for (const item of [...first, ...second]) {
    const key = typeof item === 'string' ? `s:${item.trim().toLowerCase()}` : canonicalJson(item);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(item);
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
