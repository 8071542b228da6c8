import { buildOutputs } from '../../../../src/extract/build-outputs';
import { ScrapioError } from '../../../../src/errors';
import { binaryDocument, htmlDocument, tinyPdf } from '../../../helpers/extract-documents';

describe('PDF documents', () => {
  const pdf = tinyPdf(['Hello from page one', 'And this is page two'], 'Tiny test PDF');

  it('gives the text as markdown and text, and the page count and title as metadata', async () => {
    const document = binaryDocument(pdf, 'application/pdf');
    const { outputs, failures, indexable } = await buildOutputs(document, { output: ['markdown', 'text', 'metadata', 'links'] });
    expect(failures).toEqual([]);
    expect(outputs.markdown).toBe('Hello from page one\n\nAnd this is page two');
    expect(outputs.text).toBe(outputs.markdown);
    expect(outputs.links).toEqual([]);
    expect(outputs.metadata).toMatchObject({ title: 'Tiny test PDF', page_count: 2, content_type: 'application/pdf', status_code: 200 });
    expect(indexable).toEqual({ title: 'Tiny test PDF', text: 'Hello from page one\n\nAnd this is page two' });
  });

  it('recognises a PDF by its signature when the type is generic, and leaves the fetched bytes intact', async () => {
    const document = binaryDocument(Buffer.from(pdf), 'application/octet-stream');
    const { outputs } = await buildOutputs(document, { output: ['markdown'] });
    expect(outputs.markdown).toContain('Hello from page one');
    expect(document.body.equals(pdf)).toBe(true);
  });

  it('answers html with an unsupported_content failure and still builds the rest', async () => {
    const { outputs, failures } = await buildOutputs(binaryDocument(pdf, 'application/pdf'), { output: ['html', 'markdown'] });
    expect(outputs.html).toBeUndefined();
    expect(outputs.markdown).toContain('page two');
    expect(failures).toEqual([{ output: 'html', code: 'unsupported_content', message: expect.stringContaining('PDF') }]);
  });

  it('turns an unreadable PDF into extraction_failed failures, not an exception', async () => {
    const broken = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 0x41)]);
    const { outputs, failures } = await buildOutputs(binaryDocument(broken, 'application/pdf'), { output: ['markdown', 'text'] });
    expect(outputs).toEqual({});
    expect(failures.map((failure) => [failure.output, failure.code])).toEqual([
      ['markdown', 'extraction_failed'],
      ['text', 'extraction_failed'],
    ]);
  });
});

describe('binary documents', () => {
  it.each(['image/png', 'application/zip', 'video/mp4'])('refuses %s with extraction_failed', async (type) => {
    const failure = buildOutputs(binaryDocument(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), type), { output: ['markdown'] });
    await expect(failure).rejects.toThrow(ScrapioError);
    await expect(failure).rejects.toMatchObject({ code: 'extraction_failed', message: expect.stringContaining(`content type ${type} cannot be converted`) });
  });

  it('builds nothing, and refuses nothing, when only a screenshot is asked for', async () => {
    const result = await buildOutputs(binaryDocument(Buffer.from([1, 2, 3]), 'image/png'), { output: ['screenshot'] });
    expect(result).toEqual({ outputs: {}, failures: [] });
  });
});

describe('other text documents', () => {
  it('gives plain text as is, and JSON in a fenced block', async () => {
    const plain = await buildOutputs(htmlDocument('  Just some notes.\n', { contentType: 'text/plain' }), { output: ['markdown', 'text', 'links'] });
    expect(plain.outputs).toEqual({ markdown: 'Just some notes.', text: 'Just some notes.', links: [] });
    const json = await buildOutputs(htmlDocument('{"a": 1}', { contentType: 'application/json' }), { output: ['markdown'] });
    expect(json.outputs.markdown).toBe('```json\n{"a": 1}\n```');
  });

  it('sniffs HTML when the server sent no content type', async () => {
    const { outputs } = await buildOutputs(htmlDocument('<!DOCTYPE html><html><body><p>Sniffed <b>page</b></p></body></html>', { contentType: '' }), {
      output: ['markdown'],
    });
    expect(outputs.markdown).toBe('Sniffed **page**');
  });
});
