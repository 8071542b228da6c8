import { chunkText, estimateTokens } from '../../../../src/extract/structured/chunking';
import { mergeAnswers } from '../../../../src/extract/structured/merge';

describe('chunkText', () => {
  const paragraphs = Array.from({ length: 40 }, (_, index) => `Paragraph ${index}: ${'word '.repeat(40).trim()}.`);
  const text = paragraphs.join('\n\n');

  it('keeps a text that fits in one chunk', () => {
    expect(chunkText('short text', { chunkTokens: 100, overlapTokens: 10 })).toEqual(['short text']);
  });

  it('splits a long text into chunks within the budget, on paragraph breaks, with overlap, covering everything', () => {
    const chunks = chunkText(text, { chunkTokens: 300, overlapTokens: 30 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(estimateTokens(chunk)).toBeLessThanOrEqual(300);
    for (const paragraph of paragraphs) expect(chunks.some((chunk) => chunk.includes(paragraph))).toBe(true);
    // Overlap: each chunk starts with text that ended the previous one.
    for (let index = 1; index < chunks.length; index += 1) expect(chunks[index - 1].includes(chunks[index].slice(0, 40))).toBe(true);
  });
});

describe('mergeAnswers', () => {
  it('keeps the first non-null scalar and concatenates lists without duplicates', () => {
    expect(
      mergeAnswers([
        { price: null, title: 'First', speakers: ['Ada', 'Grace'], venue: { name: null, city: 'Leeds' } },
        { price: 12, title: 'Second', speakers: ['grace', 'Linus'], venue: { name: 'Hall', city: 'York' } },
      ]),
    ).toEqual({ price: 12, title: 'First', speakers: ['Ada', 'Grace', 'Linus'], venue: { name: 'Hall', city: 'Leeds' } });
  });
});
