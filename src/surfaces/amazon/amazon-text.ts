/** Small readers for the text shapes Amazon repeats on every page (prices, star ratings, counts). */

/**
 * An element's text with whitespace collapsed and the direction marks Amazon puts around detail values
 * (&lrm; &rlm;) removed; undefined for a missing element or an empty text.
 */
export function textOf(element: Element | null | undefined): string | undefined {
  const text = element?.textContent
    ?.replace(/[\u200e\u200f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? text : undefined;
}

const SYMBOL_CURRENCY: Array<[RegExp, string]> = [
  [/€|EUR/, 'EUR'],
  [/£|GBP/, 'GBP'],
  [/₹|INR/, 'INR'],
  [/[¥￥]|JPY/, 'JPY'],
  [/R\$|BRL/, 'BRL'],
  [/CDN\$|C\$|CAD/, 'CAD'],
  [/A\$|AUD/, 'AUD'],
  [/S\$|SGD/, 'SGD'],
  [/zł|PLN/, 'PLN'],
  [/kr|SEK/, 'SEK'],
  [/TL|₺|TRY/, 'TRY'],
  [/AED/, 'AED'],
  [/SAR/, 'SAR'],
  [/EGP/, 'EGP'],
  [/MXN/, 'MXN'],
];

/**
 * A shown price ("$1,299.99", "1.299,99 €", "￥1,980") as a number and, when the text names one, its currency
 * ("$" alone is the marketplace's dollar, so it gives none). The last "." or "," followed by one or two digits
 * is the decimal separator; every other separator groups thousands.
 */
export function parsePrice(text: string | undefined): { amount: number; currency?: string } | undefined {
  if (!text) return undefined;
  const match = /\d[\d.,\s\u00a0\u202f]*/.exec(text);
  if (!match) return undefined;
  const raw = match[0].replace(/[\s\u00a0\u202f]/g, '').replace(/[.,]$/, '');
  const decimal = /[.,](\d{1,2})$/.exec(raw);
  const whole = (decimal ? raw.slice(0, decimal.index) : raw).replace(/[.,]/g, '');
  const amount = Number(decimal ? `${whole}.${decimal[1]}` : whole);
  if (!Number.isFinite(amount)) return undefined;
  const currency = SYMBOL_CURRENCY.find(([pattern]) => pattern.test(text))?.[1];
  return currency ? { amount, currency } : { amount };
}

/** "4.6 out of 5 stars", "4,6 von 5 Sternen": the first number, with a decimal comma read as a point. */
export function parseRating(text: string | undefined): number | undefined {
  const match = text && /(\d+(?:[.,]\d+)?)/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1].replace(',', '.'));
  return value >= 0 && value <= 5 ? value : undefined;
}

/** "48,213 ratings", "(1.234)", "12 345 Bewertungen": the digits of the first number. */
export function parseCount(text: string | undefined): number | undefined {
  const match = text && /\d[\d.,\s\u00a0\u202f]*/.exec(text);
  if (!match) return undefined;
  const value = Number(match[0].replace(/\D/g, ''));
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A product detail label as a key: "Item model number" → "item_model_number". */
export function detailKey(label: string): string {
  return label
    .replace(/[\u200e\u200f:]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/** An image URL without Amazon's size/crop modifiers (`._AC_US40_.jpg` → `.jpg`): the full-size image. */
export function fullSizeImage(url: string): string {
  return url.replace(/\._[^/]*_\.(jpe?g|png|webp|gif)$/i, '.$1');
}
