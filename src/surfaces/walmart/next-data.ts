import { layoutChanged } from './page-guard';

/**
 * Walmart's pages are Next.js pages: everything they show is in one
 * `<script id="__NEXT_DATA__" type="application/json">` blob. Reading it is far steadier than reading the
 * markup, and a page without it is a changed layout (extraction_failed), never an empty result.
 */
const NEXT_DATA = /<script\b[^>]*\bid=["']__NEXT_DATA__["'][^>]*>([\s\S]*?)<\/script>/i;

export function readNextData(html: string, what: string): Record<string, unknown> {
  const blob = NEXT_DATA.exec(html)?.[1];
  if (blob === undefined) throw layoutChanged(what, 'the __NEXT_DATA__ script');
  try {
    const parsed = JSON.parse(blob) as unknown;
    if (isRecord(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw layoutChanged(what, 'valid JSON in the __NEXT_DATA__ script');
}

/** The value at `path` below `root`, or undefined when any step is missing. */
export function dig(root: unknown, path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return null;
}
