import { coerceToSchema, parseNumber } from '../../../../src/extract/structured/coerce';
import { deriveSchema, isJsonSchema } from '../../../../src/extract/structured/schema-derivation';
import { schemaProblems } from '../../../../src/extract/structured/schema-validator';

describe('deriveSchema', () => {
  it('turns v1 descriptions into required nullable fields, typed where the description says so', () => {
    const { jsonSchema, style } = deriveSchema({
      price: 'the product price in USD, a number',
      currency: 'the currency of the price',
      in_stock: 'whether the product is in stock',
      speakers: 'list every speaker',
      reviews: 'count of reviews',
    });
    expect(style).toBe('descriptions');
    expect(jsonSchema).toMatchObject({
      type: 'object',
      required: ['price', 'currency', 'in_stock', 'speakers', 'reviews'],
      additionalProperties: false,
      properties: {
        price: { type: ['number', 'null'] },
        currency: { type: ['string', 'null'] },
        in_stock: { type: ['boolean', 'null'] },
        speakers: { type: ['array', 'null'] },
        reviews: { type: ['integer', 'null'] },
      },
    });
  });

  it('recognises a real JSON Schema (EXT) and uses it as given', () => {
    const schema = { type: 'object', properties: { price: { type: 'number' } }, required: ['price'] };
    expect(isJsonSchema(schema)).toBe(true);
    expect(isJsonSchema({ type: 'the type of product', properties: 'its properties' })).toBe(false);
    expect(deriveSchema(schema)).toMatchObject({ style: 'json-schema', jsonSchema: schema, fields: [{ name: 'price', type: 'number' }] });
  });
});

describe('coerceToSchema and validation', () => {
  const { jsonSchema } = deriveSchema({ price: 'price, a number', title: 'the title', in_stock: 'whether in stock' });

  it('coerces numbers written as prices, scalars to strings, yes/no and N/A', () => {
    const value = coerceToSchema({ price: '$1,299.00', title: 42, in_stock: 'yes' }, jsonSchema);
    expect(value).toEqual({ price: 1299, title: '42', in_stock: true });
    expect(coerceToSchema({ price: 'N/A', title: null, in_stock: 'no' }, jsonSchema)).toEqual({ price: null, title: null, in_stock: false });
    expect(schemaProblems(jsonSchema, value)).toEqual([]);
  });

  it('drops a field the caller did not ask for, instead of failing the answer', () => {
    const value = coerceToSchema({ price: '12', title: 'x', in_stock: 'yes', colour: 'red' }, jsonSchema);
    expect(value).toEqual({ price: 12, title: 'x', in_stock: true });
    expect(schemaProblems(jsonSchema, value)).toEqual([]);
  });

  it('reports what is wrong: a missing field, an extra field, a wrong type', () => {
    const problems = schemaProblems(jsonSchema, { price: 'cheap', title: 'x', colour: 'red' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'in_stock'"),
        expect.stringContaining('must NOT have additional properties (colour)'),
        expect.stringContaining('/price must be number,null'),
      ]),
    );
  });

  it('parses the first number of a price', () => {
    expect(parseNumber('EUR 12.50')).toBe(12.5);
    expect(parseNumber('4.5 out of 5')).toBe(4.5);
    expect(parseNumber('free')).toBeUndefined();
  });
});
