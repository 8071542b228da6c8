import type { StructuredSource } from '../types';
import type { ChatMessage } from './llm-client';
import type { DerivedSchema } from './schema-derivation';

/** What is asked of the model: the fields of a schema, or a free instruction. */
export type ExtractionAsk = { kind: 'schema'; derived: DerivedSchema } | { kind: 'instruction'; instruction: string };

const SYSTEM = [
  'You extract data from one web page.',
  'Answer with a single JSON object and nothing else: no prose, no code fences.',
  'Use only what the page states. When the page does not state a value, use null. Never invent values.',
].join(' ');

/** The messages of one extraction call over one chunk of the page (the whole page when it fits). */
export function extractionMessages(
  ask: ExtractionAsk,
  source: Pick<StructuredSource, 'url' | 'title'>,
  content: string,
  part?: { index: number; count: number },
): ChatMessage[] {
  const lines: string[] = [];
  if (ask.kind === 'schema') {
    lines.push('Return a JSON object with exactly these keys:');
    for (const field of ask.derived.fields)
      lines.push(`- "${field.name}" (${typeLabel(field.type)} or null)${field.description ? `: ${field.description}` : ''}`);
    lines.push('', 'The object must validate against this JSON Schema:', JSON.stringify(ask.derived.jsonSchema));
  } else {
    lines.push(`Instruction: ${ask.instruction}`);
    lines.push('Answer with a JSON object whose keys name what you found; use arrays of objects for lists.');
  }
  lines.push('', `Page URL: ${source.url}`);
  if (source.title) lines.push(`Page title: ${source.title}`);
  if (part && part.count > 1)
    lines.push(`This is part ${part.index + 1} of ${part.count} of the page; answer from this part only (null for what it does not state).`);
  lines.push('Page content (markdown) between the markers:', '<<<PAGE', content, 'PAGE>>>');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: lines.join('\n') },
  ];
}

/** The follow-up of the one repair round: the previous answer and what was wrong with it. */
export function repairMessages(previous: ChatMessage[], answer: string, problems: string[]): ChatMessage[] {
  return [
    ...previous,
    { role: 'assistant', content: answer },
    {
      role: 'user',
      content: `That answer cannot be used: ${problems.join('; ')}. Answer again with only the corrected JSON object, nothing else.`,
    },
  ];
}

function typeLabel(type: string): string {
  return type === 'any' ? 'any JSON value' : type === 'array' ? 'a JSON array' : `a ${type}`;
}
