import type { FetchedDocument } from '../fetched-document';
import { pageJson } from './json-output';
import { responseMetadata } from './metadata';
import { OutputCollector } from './output-collector';
import { extractPdf } from '../content/pdf';
import type { OutputBundle, OutputRequest } from '../types';

/** A PDF's outputs: its text as markdown and text, its title and page count as metadata; it has no HTML. */
export async function buildPdfOutputs(fetched: FetchedDocument, request: OutputRequest): Promise<OutputBundle> {
  const collector = new OutputCollector(request.output);
  const pageMode = collector.wants('json') && request.extract?.mode !== 'selectors';
  collector.fail('html', 'unsupported_content', 'The document is a PDF, which has no HTML: ask for markdown or text instead.');
  if (!pageMode) collector.fail('json', 'unsupported_content', 'extract.mode "selectors" needs HTML; the document is a PDF.');
  collector.put('links', []);

  const pdf = await collector.attemptAsync(['markdown', 'text', 'json', 'metadata'], () => extractPdf(fetched.body));
  if (!pdf) return collector.bundle(undefined);
  const metadata = { ...responseMetadata(fetched), ...(pdf.title ? { title: pdf.title } : {}), page_count: pdf.pageCount };
  collector.put('metadata', metadata);
  collector.put('markdown', pdf.text);
  collector.put('text', pdf.text);
  if (pageMode) collector.put('json', pageJson(metadata, pdf.text));
  return collector.bundle({ title: pdf.title ?? '', text: pdf.text });
}
