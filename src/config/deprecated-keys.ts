/** Config keys renamed because their names misled; the old name still works and logs one warning. */
export const DEPRECATED_KEYS: ReadonlyArray<{ from: string; to: string }> = [
  // "maxPages" read like a page budget (as limits.crawl.maxPages is); it is how many pages render at once.
  { from: 'browser.maxPages', to: 'browser.maxConcurrentPages' },
];

type Json = Record<string, unknown>;

/**
 * Moves each deprecated key of a merged config layer to its new name (the new name wins when both are set)
 * and reports each one found, once.
 */
export function renameDeprecatedKeys(merged: Json, warn: (message: string) => void): Json {
  for (const { from, to } of DEPRECATED_KEYS) {
    const [fromParent, fromKey] = parentOf(merged, from);
    if (!fromParent || !(fromKey in fromParent)) continue;
    const value = fromParent[fromKey];
    delete fromParent[fromKey];
    const [toParent, toKey] = parentOf(merged, to, true);
    if (toParent && !(toKey in toParent)) toParent[toKey] = value;
    warn(`Config key ${from} is deprecated: use ${to} (same meaning).`);
  }
  return merged;
}

function parentOf(root: Json, keyPath: string, create = false): [Json | undefined, string] {
  const keys = keyPath.split('.');
  let node: Json | undefined = root;
  for (const key of keys.slice(0, -1)) {
    if (node === undefined) break;
    if (typeof node[key] !== 'object' || node[key] === null) {
      if (!create) return [undefined, keys[keys.length - 1]];
      node[key] = {};
    }
    node = node[key] as Json;
  }
  return [node, keys[keys.length - 1]];
}
