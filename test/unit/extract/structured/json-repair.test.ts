import { parseModelJson, UnreadableAnswerError } from '../../../../src/extract/structured/json-repair';

describe('parseModelJson', () => {
  it('reads plain JSON', () => {
    expect(parseModelJson('{"price": 12.5}')).toEqual({ price: 12.5 });
  });

  it('reads JSON wrapped in prose', () => {
    expect(parseModelJson('Here is the data: {"title": "A {braced} name", "price": 3} Hope that helps!')).toEqual({ title: 'A {braced} name', price: 3 });
  });

  it('reads JSON in a ```json fence', () => {
    expect(parseModelJson('Sure!\n```json\n{"a": [1, 2]}\n```\nDone.')).toEqual({ a: [1, 2] });
  });

  it('repairs a trailing comma', () => {
    expect(parseModelJson('{"a": 1, "b": [1, 2,],}')).toEqual({ a: 1, b: [1, 2] });
  });

  it.each([
    ['an empty answer', '', 'the answer was empty'],
    ['prose only', 'I could not find any price on this page.', 'contains no JSON object'],
    ['malformed JSON', '{"price": 12.5, "title": "unterminated}', 'malformed'],
  ])('refuses %s with a message that can be sent back to the model', (_name, answer, message) => {
    expect(() => parseModelJson(answer)).toThrow(UnreadableAnswerError);
    expect(() => parseModelJson(answer)).toThrow(message);
  });
});
