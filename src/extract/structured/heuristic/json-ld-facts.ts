import type { PageFact } from './fact';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Node = { [key: string]: Json };

/** @id references are followed this deep (a graph may be cyclic: article → author → worksFor → ...). */
const MAX_DEPTH = 4;

/** Facts of every JSON-LD block: each top-level item (and each @graph node) flattened into `path → value` facts. */
export function jsonLdFacts(document: Document): PageFact[] {
  const nodes: Node[] = [];
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json" i]'))) {
    const parsed = parseLenient(script.textContent ?? '');
    for (const item of asArray(parsed)) {
      if (!isNode(item)) continue;
      const graph = item['@graph'];
      if (Array.isArray(graph)) nodes.push(...graph.filter(isNode));
      else nodes.push(item);
    }
  }
  const byId = new Map<string, Node>();
  for (const node of nodes) if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
  const facts: PageFact[] = [];
  for (const node of nodes) {
    const values = new Map<string, Array<string | number | boolean>>();
    walk(node, '', values, byId, 0);
    const itemType = typeName(node['@type']);
    for (const [key, list] of values) facts.push({ key, value: list.length === 1 ? list[0] : list, source: 'json-ld', itemType });
  }
  return facts;
}

function walk(value: Json, path: string, out: Map<string, Array<string | number | boolean>>, byId: Map<string, Node>, depth: number): void {
  if (value === null || depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const element of value) walk(element, path, out, byId, depth);
    return;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    // A bare reference ({"@id": "#author"}) stands for the node it names.
    if (keys.length === 1 && typeof value['@id'] === 'string') {
      const target = byId.get(value['@id']);
      if (target && path !== '') walk(target, path, out, byId, depth + 1);
      return;
    }
    for (const key of keys) {
      if (key.startsWith('@')) continue;
      walk(value[key], path === '' ? key : `${path}.${key}`, out, byId, depth + (path === '' ? 0 : 1));
    }
    return;
  }
  if (path === '') return;
  const list = out.get(path) ?? [];
  if (!list.includes(value)) list.push(typeof value === 'string' ? value.trim() : value);
  out.set(path, list);
}

/** Sites ship JSON-LD with HTML comments, CDATA wrappers or a trailing semicolon; anything else unparseable is skipped. */
function parseLenient(text: string): Json {
  const cleaned = text
    .replace(/^\s*(<!--|\/\/\s*<!\[CDATA\[)/, '')
    .replace(/(-->|\/\/\s*\]\]>)\s*$/, '')
    .trim()
    .replace(/;\s*$/, '');
  try {
    return JSON.parse(cleaned) as Json;
  } catch {
    return null;
  }
}

function asArray(value: Json): Json[] {
  return Array.isArray(value) ? value : [value];
}

function isNode(value: Json): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeName(type: Json | undefined): string | undefined {
  const first = Array.isArray(type) ? type[0] : type;
  return typeof first === 'string' ? first.replace(/^.*[/#:]/, '') : undefined;
}
