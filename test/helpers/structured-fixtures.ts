import fs from 'node:fs';
import path from 'node:path';
import { buildOutputs } from '../../src/extract/build-outputs';
import type { StructuredSource } from '../../src/extract/types';
import { htmlDocument } from './extract-documents';

export const STRUCTURED_DIR = path.resolve(__dirname, '../fixtures/structured');

export interface StructuredFixtures {
  schemas: Record<string, Record<string, string>>;
  pages: Record<string, { kind: string; expected: Record<string, unknown> }>;
}

export function structuredFixtures(): StructuredFixtures {
  return JSON.parse(fs.readFileSync(path.join(STRUCTURED_DIR, 'answers.json'), 'utf8')) as StructuredFixtures;
}

export function fixtureHtml(name: string): string {
  return fs.readFileSync(path.join(STRUCTURED_DIR, `${name}.html`), 'utf8');
}

/** What the extraction worker hands the main thread for a fixture page (markdown and facts). */
export async function sourceOf(name: string, schema: Record<string, string>): Promise<StructuredSource> {
  const bundle = await buildOutputs(htmlDocument(fixtureHtml(name), { finalUrl: `https://fixtures.example/${name}` }), {
    output: ['json'],
    extract: { mode: 'schema', schema },
  });
  if (!bundle.structuredSource) throw new Error(`no structured source for ${name}: ${JSON.stringify(bundle.failures)}`);
  return bundle.structuredSource;
}

/** A field is right when it equals the known answer: numbers exactly, strings ignoring case and spacing (a date may carry a time), lists as sets. */
export function fieldCorrect(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number') return actual === expected;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return false;
    const want = new Set(expected.map(normalize));
    const got = new Set(actual.map(normalize));
    return want.size === got.size && [...want].every((item) => got.has(item));
  }
  if (typeof actual !== 'string' || typeof expected !== 'string') return false;
  const got = normalize(actual);
  const want = normalize(expected);
  return got === want || (/^\d{4}-\d{2}-\d{2}$/.test(expected) && got.startsWith(want));
}

function normalize(value: unknown): string {
  return String(value).toLowerCase().replace(/\s+/g, ' ').trim();
}
