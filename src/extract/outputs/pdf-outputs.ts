import type { FetchedDocument } from '../fetched-document';
import { pageJson } from './json-output';
import { responseMetadata } from './metadata';
import { OutputCollector } from './output-collector';
import { extractPdf } from '../content/pdf';
import type { OutputBundle, OutputRequest } from '../types';
import { isStructuredSpec } from '../structured/structured-spec';

/** A PDF's outputs: its text as markdown and text, its title and page count as metadata; it has no HTML. */
export async function buildPdfOutputs(fetched: FetchedDocument, request: OutputRequest): Promise<OutputBundle> {
  const collector = new OutputCollector(request.output);
  const structured = collector.wants('json') && isStructuredSpec(request.extract);
  const pageMode = collector.wants('json') && request.extract?.mode !== 'selectors' && !structured;
  collector.fail('html', 'unsupported_content', 'The document is a PDF, which has no HTML: ask for markdown or text instead.');
  if (!pageMode && !structured) collector.fail('json', 'unsupported_content', 'extract.mode "selectors" needs HTML; the document is a PDF.');
  collector.put('links', []);

  const pdf = await collector.attemptAsync(['markdown', 'text', 'json', 'metadata'], () => extractPdf(fetched.body));
  if (!pdf) return collector.bundle(undefined);
  const metadata = { ...responseMetadata(fetched), ...(pdf.title ? { title: pdf.title } : {}), page_count: pdf.pageCount };
  collector.put('metadata', metadata);
  collector.put('markdown', pdf.text);
  collector.put('text', pdf.text);
  if (pageMode) collector.put('json', pageJson(metadata, pdf.text));
  const bundle = collector.bundle({ title: pdf.title ?? '', text: pdf.text });
  if (structured) bundle.structuredSource = { url: fetched.finalUrl, title: pdf.title ?? '', markdown: pdf.text, facts: [] };
  return bundle;
}
