import { cleanText, type PageFact } from './fact';

/** The two attribute vocabularies of inline structured data: microdata and RDFa lite. */
const VOCABULARIES = [
  { source: 'microdata', scope: 'itemscope', prop: 'itemprop', type: 'itemtype' },
  { source: 'rdfa', scope: 'typeof', prop: 'property', type: 'typeof' },
] as const;

/** Meta-tag names (OpenGraph and friends) that RDFa's `property` attribute also carries: read as meta tags instead. */
const META_PREFIX = /^(og|article|product|book|profile|music|video|twitter|fb):/i;

/**
 * Facts of microdata (itemscope/itemprop) and RDFa lite (typeof/property) items: each property's path inside its
 * top-level item (`offers.price`), nested items included; properties outside any item (a lone <meta itemprop>) too.
 */
export function itemFacts(document: Document): PageFact[] {
  // A property repeated inside one item (recipeIngredient on each <li>) is one fact with a list of values.
  const grouped = new Map<string, PageFact & { value: string[] }>();
  const roots = new Map<Element | undefined, number>();
  for (const vocabulary of VOCABULARIES) {
    for (const element of Array.from(document.querySelectorAll(`[${vocabulary.prop}]`))) {
      const names = (element.getAttribute(vocabulary.prop) ?? '').split(/\s+/).filter(Boolean);
      if (vocabulary.source === 'rdfa' && names.every((name) => META_PREFIX.test(name))) continue;
      // Nested items are reached as path prefixes of their own properties.
      if (element.hasAttribute(vocabulary.scope) && vocabulary.source === 'microdata') continue;
      const path = ancestorPath(element, vocabulary.scope, vocabulary.prop);
      if (path === undefined) continue;
      const root = rootItem(element, vocabulary.scope, vocabulary.prop);
      const itemType = root ? typeName(root.getAttribute(vocabulary.type)) : undefined;
      const value = propertyValue(element);
      if (value === '') continue;
      if (!roots.has(root)) roots.set(root, roots.size);
      for (const name of names) {
        const key = [...path, localName(name)].join('.');
        const id = `${vocabulary.source}|${roots.get(root)}|${key}`;
        const fact = grouped.get(id);
        if (fact) {
          if (!fact.value.includes(value)) fact.value.push(value);
        } else grouped.set(id, { key, value: [value], source: vocabulary.source, itemType });
      }
    }
  }
  return [...grouped.values()].map((fact) => ({ ...fact, value: fact.value.length === 1 ? fact.value[0] : fact.value }));
}

/** The property names of the nested items between the element and its top-level item; undefined for a malformed chain. */
function ancestorPath(element: Element, scope: string, prop: string): string[] | undefined {
  const path: string[] = [];
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (!parent.hasAttribute(scope)) continue;
    const name = parent.getAttribute(prop);
    if (!name) return path;
    path.unshift(localName(name.split(/\s+/)[0]));
  }
  return path;
}

function rootItem(element: Element, scope: string, prop: string): Element | undefined {
  let root: Element | undefined;
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (parent.hasAttribute(scope)) {
      root = parent;
      if (!parent.getAttribute(prop)) break;
    }
  }
  return root;
}

/** The value a property element carries, per the microdata spec's rules (content, URLs, datetime, value, text). */
function propertyValue(element: Element): string {
  const content = element.getAttribute('content');
  if (content !== null) return cleanText(content);
  const tag = element.tagName.toLowerCase();
  if (['a', 'link', 'area'].includes(tag)) return element.getAttribute('href') ?? '';
  if (['img', 'audio', 'video', 'source', 'iframe', 'embed', 'track'].includes(tag)) return element.getAttribute('src') ?? '';
  if (tag === 'time') return element.getAttribute('datetime') ?? cleanText(element.textContent);
  if (tag === 'data' || tag === 'meter') return element.getAttribute('value') ?? cleanText(element.textContent);
  if (tag === 'object') return element.getAttribute('data') ?? '';
  return cleanText(element.textContent);
}

/** `schema:price`, `http://schema.org/price` → `price`. */
function localName(name: string): string {
  return name.replace(/^.*[/#:]/, '');
}

function typeName(type: string | null): string | undefined {
  const first = (type ?? '').split(/\s+/)[0];
  return first ? localName(first) : undefined;
}
