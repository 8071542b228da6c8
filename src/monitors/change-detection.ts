import { diffContent, type ContentDiff } from './content-diff';
import { compareFields, type FieldChange } from './field-compare';
import { compileIgnorePatterns } from './ignore-patterns';
import type { MonitorRow } from './monitor-store';
import type { MonitorSettings } from './monitor-view';

/** What a run keeps to compare the next one with: the main-content markdown, or the extracted fields. */
export type Snapshot = { markdown: string } | { fields: Record<string, unknown> };

/** What a change shows besides its ids: the diff (content mode) or the changed fields (fields mode). */
export type DetectedChange = { first_run: boolean; diff: ContentDiff } | { first_run: boolean; fields: FieldChange[] };

/** The snapshot of a finished fetch job's stored result; undefined when the result lacks what the mode compares. */
export function snapshotOf(mode: MonitorRow['mode'], resultBody: unknown): Snapshot | undefined {
  const outputs = (resultBody as { outputs?: Record<string, unknown> } | undefined)?.outputs;
  if (mode === 'content') return typeof outputs?.markdown === 'string' ? { markdown: outputs.markdown } : undefined;
  const fields = outputs?.json;
  return typeof fields === 'object' && fields !== null && !Array.isArray(fields) ? { fields: fields as Record<string, unknown> } : undefined;
}

/**
 * Compares a run's snapshot with the monitor's baseline. The first run (no baseline) is a change only with
 * `watch.notify_on_first_run`, and is then compared with an empty page (every line or field is new).
 */
export function detectChange(
  monitor: Pick<MonitorRow, 'mode'>,
  settings: MonitorSettings,
  previous: Snapshot | undefined,
  current: Snapshot,
  labels: { previousRunId: string | null; runId: string },
): DetectedChange | undefined {
  const firstRun = previous === undefined;
  if (firstRun && !settings.watch.notify_on_first_run) return undefined;
  if (monitor.mode === 'content') {
    const compiled = compileIgnorePatterns(settings.watch.ignore_patterns);
    // Patterns were checked when the monitor was saved; a pattern refused since then ignores nothing.
    const scrub = compiled.ok ? compiled.scrub : (line: string) => line;
    const before = previous && 'markdown' in previous ? previous.markdown : '';
    const after = 'markdown' in current ? current.markdown : '';
    const diff = diffContent(before, after, scrub, { previous: labels.previousRunId ?? '(none)', current: labels.runId });
    return diff && { first_run: firstRun, diff };
  }
  const watched = settings.watch.fields ?? Object.keys(settings.extract ?? {});
  const before = previous && 'fields' in previous ? previous.fields : {};
  const after = 'fields' in current ? current.fields : {};
  const fields = compareFields(before, after, { fields: watched, on: settings.watch.on, thresholds: settings.watch.thresholds });
  return fields && { first_run: firstRun, fields };
}
