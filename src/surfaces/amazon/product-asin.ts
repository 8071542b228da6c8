import { ScrapioError } from '../../errors';
import type { AmazonProductQuery } from './amazon-input';

const ASIN = /^[A-Z0-9]{10}$/;
/** /dp/ASIN, /gp/product/ASIN, /gp/aw/d/ASIN: the product paths Amazon links to. */
const PRODUCT_PATH = /\/(?:dp|gp\/product|gp\/aw\/d|exec\/obidos\/ASIN)\/([A-Z0-9]{10})(?:[/?#]|$)/i;

/**
 * The ASIN GET /v1/amazon/product is asked for: `asin`, or `query` as an ASIN or an Amazon product URL (whose
 * host must be an Amazon marketplace; the page is read from the configured marketplace either way).
 */
export function productAsin(query: AmazonProductQuery): string {
  if (query.asin !== undefined) {
    const asin = query.asin.trim().toUpperCase();
    if (!ASIN.test(asin)) throw new ScrapioError('invalid_request', 'asin: must be an ASIN: 10 letters or digits, e.g. B08N5WRWNW');
    return asin;
  }
  const text = (query.query ?? '').trim();
  if (ASIN.test(text.toUpperCase())) return text.toUpperCase();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ScrapioError('invalid_request', 'query: must be an ASIN (e.g. B08N5WRWNW) or an Amazon product URL (https://www.amazon.com/dp/B08N5WRWNW).');
  }
  if (!/^(?:www\.|smile\.|m\.)?amazon\.[a-z]+(?:\.[a-z]+)?$/i.test(url.hostname)) {
    throw new ScrapioError('invalid_request', `query: ${url.hostname} is not an Amazon marketplace; give an ASIN or an amazon.<domain> product URL.`);
  }
  const match = PRODUCT_PATH.exec(url.pathname);
  if (!match) throw new ScrapioError('invalid_request', 'query: the URL names no product (expected a /dp/<ASIN> path).');
  return match[1].toUpperCase();
}
