import { compareFields, numberOf } from '../../../src/monitors/field-compare';

describe('compareFields', () => {
  const watch = (overrides = {}) => ({ fields: ['price', 'title'], on: 'any' as const, thresholds: {}, ...overrides });

  it('reports fields whose values differ, and nothing when none does', () => {
    expect(compareFields({ price: 10, title: 'A' }, { price: 10, title: 'A' }, watch())).toBeUndefined();
    expect(compareFields({ price: 10, title: 'A' }, { price: 10, title: 'B' }, watch())).toEqual([{ field: 'title', previous: 'A', current: 'B' }]);
  });

  it('compares nested values structurally, and a missing field as null', () => {
    expect(compareFields({ price: 1, title: { a: [1, 2] } }, { price: 1, title: { a: [1, 2] } }, watch())).toBeUndefined();
    expect(compareFields({ price: 1 }, { price: 1, title: 'new' }, watch())).toEqual([{ field: 'title', previous: null, current: 'new' }]);
  });

  it('applies abs and pct thresholds to numbers, including numeric strings with currency signs', () => {
    const thresholds = { price: { abs: 5 } };
    expect(compareFields({ price: '$100.00' }, { price: '$104.99' }, watch({ fields: ['price'], thresholds }))).toBeUndefined();
    expect(compareFields({ price: '$100.00' }, { price: '$95.00' }, watch({ fields: ['price'], thresholds }))).toEqual([
      { field: 'price', previous: '$100.00', current: '$95.00', delta: -5, delta_pct: -5 },
    ]);
    const pct = { price: { pct: 10 } };
    expect(compareFields({ price: 200 }, { price: 219 }, watch({ fields: ['price'], thresholds: pct }))).toBeUndefined();
    expect(compareFields({ price: 200 }, { price: 220 }, watch({ fields: ['price'], thresholds: pct }))).toHaveLength(1);
  });

  it('with both thresholds, reaching either counts', () => {
    const thresholds = { price: { abs: 50, pct: 10 } };
    expect(compareFields({ price: 1000 }, { price: 1040 }, watch({ fields: ['price'], thresholds }))).toBeUndefined();
    expect(compareFields({ price: 1000 }, { price: 1050 }, watch({ fields: ['price'], thresholds }))).toHaveLength(1);
    expect(compareFields({ price: 10 }, { price: 11.5 }, watch({ fields: ['price'], thresholds }))).toHaveLength(1);
  });

  it('a threshold field that stops being a number is a change', () => {
    expect(compareFields({ price: 10 }, { price: 'sold out' }, watch({ fields: ['price'], thresholds: { price: { pct: 50 } } }))).toEqual([
      { field: 'price', previous: 10, current: 'sold out' },
    ]);
  });

  it('on "all" needs every watched field to change', () => {
    expect(compareFields({ price: 1, title: 'A' }, { price: 2, title: 'A' }, watch({ on: 'all' }))).toBeUndefined();
    expect(compareFields({ price: 1, title: 'A' }, { price: 2, title: 'B' }, watch({ on: 'all' }))).toHaveLength(2);
  });
});

describe('numberOf', () => {
  it.each([
    [12, 12],
    ['1,299.00', 1299],
    ['$ 5', 5],
    ['€-3.5', -3.5],
    ['12.50 USD', 12.5],
    ['abc', undefined],
    ['1.2.3', undefined],
    [null, undefined],
    [Number.NaN, undefined],
  ])('%p → %p', (value, expected) => {
    expect(numberOf(value)).toBe(expected);
  });
});
