import { costlySelectorReason } from '../../../../src/extract/dom/selector-cost';

describe('costlySelectorReason', () => {
  it.each(['div:has(~ div)', 'li:HAS(~ li.active)', 'section:has(> p ~ p)', 'a:not(:has(~ b))', 'x:has(:is(y) ~ z)'])('refuses %s', (selector) => {
    expect(costlySelectorReason(selector)).toMatch(/:has\(\) with the "~" sibling combinator/);
  });

  it.each(['div:has(> p)', 'div:has(+ div)', 'h2 ~ p', 'a[class~="x"]:has(b)', 'p:has([title="~"])', 'article p', '.price'])('accepts %s', (selector) => {
    expect(costlySelectorReason(selector)).toBeUndefined();
  });
});
