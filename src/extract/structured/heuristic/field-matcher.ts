import type { FieldSpec } from '../schema-derivation';
import type { PageFact, FactSource } from './page-facts';
import { nameWords, normalizeName, SYNONYM_GROUPS } from './synonyms';

/** How much each source is trusted: data the site declares for machines beats visible labels, which beat headings. */
const SOURCE_WEIGHT: Record<FactSource, number> = { 'json-ld': 10, microdata: 9, rdfa: 9, meta: 6, label: 5, time: 4, heading: 3 };
/** Item types that describe the page's subject, and types that describe the site around it. */
const SUBJECT_TYPES =
  /^(Product|ProductGroup|Offer|Recipe|Event|\w*Event|\w*Article|BlogPosting|Report|Book|Movie|Course|JobPosting|Review|SoftwareApplication|LocalBusiness|Restaurant|HowTo|VideoObject)$/;
const SITE_TYPES = /^(WebSite|WebPage|Organization|BreadcrumbList|ListItem|SearchAction|ImageObject|SiteNavigationElement|WPHeader|WPFooter|CollectionPage)$/;
/** Last path segments too generic to name a field: author.name is the author, image.url the image. */
const GENERIC_SEGMENTS = new Set(['name', 'text', 'value', 'url', 'content', 'id', 'contenturl']);

/** Name-match strengths, on the same scale as the source weights: a synonym in JSON-LD beats the exact name in a heading. */
const EXACT = 30;
const SYNONYM = 24;
const DESCRIBED = 12;

export interface FieldMatch {
  fact: PageFact;
  score: number;
}

/** The fact that best states a field, or undefined when nothing on the page names it. */
export function bestFact(field: FieldSpec, facts: PageFact[]): FieldMatch | undefined {
  const wanted = wantedNames(field);
  let best: FieldMatch | undefined;
  for (const fact of facts) {
    const match = Math.max(...factNames(fact).map((name) => wanted.get(name) ?? 0));
    if (match === 0) continue;
    const depth = fact.key.split('.').length - 1;
    const score = match + SOURCE_WEIGHT[fact.source] + typeWeight(fact.itemType) - depth;
    if (!best || score > best.score) best = { fact, score };
  }
  return best;
}

/** Each name the field may appear under, with how strongly it names the field. */
function wantedNames(field: FieldSpec): Map<string, number> {
  const wanted = new Map<string, number>();
  const add = (name: string, score: number) => wanted.set(name, Math.max(wanted.get(name) ?? 0, score));
  const own = normalizeName(field.name);
  add(own, EXACT);
  const words = nameWords(field.name);
  const describedWords = new Set(nameWords(field.description));
  for (const group of SYNONYM_GROUPS) {
    const named = group.includes(own) || words.some((word) => group[0] === word || (words.length === 1 && group.includes(word)));
    const described = !named && group[0].length > 3 && describedWords.has(group[0]);
    if (!named && !described) continue;
    for (const member of group) add(member, named ? SYNONYM : DESCRIBED);
  }
  return wanted;
}

/** The names a fact answers to: its whole path, and its meaningful last segment (author.name → author). */
function factNames(fact: PageFact): string[] {
  const segments = fact.key.split('.');
  let meaningful = segments[segments.length - 1];
  if (segments.length > 1 && GENERIC_SEGMENTS.has(normalizeName(meaningful))) meaningful = segments[segments.length - 2];
  return [normalizeName(fact.key), normalizeName(meaningful)];
}

function typeWeight(itemType: string | undefined): number {
  if (!itemType) return 0;
  if (SUBJECT_TYPES.test(itemType)) return 3;
  return SITE_TYPES.test(itemType) ? -6 : 0;
}
