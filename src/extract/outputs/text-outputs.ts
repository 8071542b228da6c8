import type { FetchedDocument } from '../fetched-document';
import { pageJson } from './json-output';
import { responseMetadata } from './metadata';
import { OutputCollector } from './output-collector';
import type { OutputBundle, OutputRequest } from '../types';
import { isStructuredSpec } from '../structured/structured-spec';

/** Types whose text already reads as markdown; any other text (JSON, XML, CSV, code) goes in a fenced block. */
const PROSE_TYPES = new Set(['', 'text/plain', 'text/markdown']);

/** A text document that is not HTML: its text is the content; it has no links. */
export function buildTextOutputs(fetched: FetchedDocument, text: string, request: OutputRequest): OutputBundle {
  const collector = new OutputCollector(request.output);
  const structured = collector.wants('json') && isStructuredSpec(request.extract);
  const pageMode = collector.wants('json') && request.extract?.mode !== 'selectors' && !structured;
  const content = text.trim();
  const markdown = PROSE_TYPES.has(fetched.contentType) ? content : fenced(content, fetched.contentType);
  const metadata = responseMetadata(fetched);
  collector.put('html', text);
  collector.put('markdown', markdown);
  collector.put('text', content);
  collector.put('links', []);
  collector.put('metadata', metadata);
  if (pageMode) collector.put('json', pageJson(metadata, markdown));
  else if (!structured) collector.fail('json', 'unsupported_content', `extract.mode "selectors" needs HTML; the document is ${fetched.contentType}.`);
  const bundle = collector.bundle({ title: '', text: content });
  // schema/instruction on a text document: the model reads its text; it states no structured facts.
  if (structured) bundle.structuredSource = { url: fetched.finalUrl, title: '', markdown, facts: [] };
  return bundle;
}

/** The text in a code fence labelled with the type's format: application/rss+xml → xml, text/x-python → python. */
function fenced(text: string, contentType: string): string {
  const format = (contentType.split('/')[1] ?? '').split('+').pop()?.replace(/^x-/, '') ?? '';
  const longestRun = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${format}\n${text}\n${fence}`;
}
