import { isDeepStrictEqual } from 'node:util';

export interface Threshold {
  /** Smallest absolute difference that counts. */
  abs?: number;
  /** Smallest difference, in percent of the previous value, that counts. */
  pct?: number;
}

export interface FieldWatch {
  fields: string[];
  on: 'any' | 'all';
  thresholds: Record<string, Threshold>;
}

export interface FieldChange {
  field: string;
  previous: unknown;
  current: unknown;
  /** For numbers: current − previous. */
  delta?: number;
  /** For numbers: the difference in percent of the previous value (absent when that was 0). */
  delta_pct?: number;
}

/**
 * Compares two extractions field by field. A field with a threshold counts as changed when both values read
 * as numbers and the difference reaches the threshold (`abs` or `pct`, whichever is given; either when both
 * are); other fields count when their values differ at all. `on: "all"` needs every watched field to change.
 * Returns the changed fields, or undefined when the watch is not triggered.
 */
export function compareFields(previous: Record<string, unknown>, current: Record<string, unknown>, watch: FieldWatch): FieldChange[] | undefined {
  const changes: FieldChange[] = [];
  for (const field of watch.fields) {
    const change = compareField(field, previous[field] ?? null, current[field] ?? null, watch.thresholds[field]);
    if (change) changes.push(change);
  }
  const triggered = watch.on === 'all' ? changes.length === watch.fields.length && changes.length > 0 : changes.length > 0;
  return triggered ? changes : undefined;
}

function compareField(field: string, previous: unknown, current: unknown, threshold: Threshold | undefined): FieldChange | undefined {
  if (isDeepStrictEqual(previous, current)) return undefined;
  const before = numberOf(previous);
  const after = numberOf(current);
  if (before === undefined || after === undefined) return { field, previous, current };
  const delta = after - before;
  const deltaPct = before === 0 ? undefined : (delta / Math.abs(before)) * 100;
  const change: FieldChange = { field, previous, current, delta: round(delta), ...(deltaPct === undefined ? {} : { delta_pct: round(deltaPct) }) };
  if (!threshold || (threshold.abs === undefined && threshold.pct === undefined)) return delta === 0 ? undefined : change;
  const absReached = threshold.abs !== undefined && Math.abs(delta) >= threshold.abs;
  // From 0 any move is an infinite percentage.
  const pctReached = threshold.pct !== undefined && (deltaPct === undefined ? delta !== 0 : Math.abs(deltaPct) >= threshold.pct);
  return absReached || pctReached ? change : undefined;
}

/** A number, or a string that is one once currency signs, spaces and thousands separators are removed ("$1,299.00"). */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(/[\s,]/g, '').replace(/^[^\d+\-.]+|[^\d.]+$/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
