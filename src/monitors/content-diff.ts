import { createTwoFilesPatch, diffLines } from 'diff';
import type { LineScrubber } from './ignore-patterns';

export interface ContentDiff {
  /** Unified diff (previous → current) of the page's main-content markdown, ignored parts removed. */
  unified: string;
  added: number;
  removed: number;
}

/** The markdown as compared: ignore_patterns removed from each line, trailing blanks dropped. */
export function comparableText(markdown: string, scrub: LineScrubber): string {
  const lines = markdown.split(/\r?\n/).map((line) => scrub(line).trimEnd());
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The line diff of two snapshots; undefined when they are equal once the ignored parts are removed. */
export function diffContent(previous: string, current: string, scrub: LineScrubber, labels: { previous: string; current: string }): ContentDiff | undefined {
  const before = comparableText(previous, scrub);
  const after = comparableText(current, scrub);
  if (before === after) return undefined;
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count ?? 0;
    if (part.removed) removed += part.count ?? 0;
  }
  const unified = createTwoFilesPatch('previous', 'current', before, after, labels.previous, labels.current, { context: 3 });
  return { unified, added, removed };
}
