import { dig, isRecord, num, readNextData, str } from './next-data';
import { layoutChanged } from './page-guard';
import { absolute } from './search-parser';

/** The product fields of the v1 WalmartProductResponse (without provider, page_type and location). */
export interface ProductDetails {
  product_id: string | null;
  title: string | null;
  description: string | null;
  brand: string | null;
  seller: string | null;
  price: { current: number | null; original: number | null; currency: string | null; display: string | null; discount_percentage: number | null };
  availability: { status: string | null; in_stock: boolean | null };
  rating: { average: number | null; count: number | null };
  shipping: { free_shipping: boolean; two_day_shipping: boolean; pickup: boolean };
  images: string[];
  specifications: Record<string, string>;
  url: string;
}

const STATUS_TEXT: Record<string, string> = {
  IN_STOCK: 'In stock',
  OUT_OF_STOCK: 'Out of stock',
  LIMITED_STOCK: 'Limited stock',
  NOT_AVAILABLE: 'Not available',
};

/**
 * A product page: `props.pageProps.initialData.data.product` (priceInfo, availabilityStatus, sellerName,
 * imageInfo, ratings) and `data.idml` (long description, specifications). A product nobody sells right now
 * has no buy box: `priceInfo` (or its `currentPrice`) is null, and so are the price fields here, not zeros.
 * With several sellers, `sellerName` is the buy-box winner's, which is the seller reported.
 */
export function parseProductPage(html: string, itemId: string, baseUrl: string): ProductDetails {
  const what = `Walmart product ${itemId}`;
  const data = dig(readNextData(html, what), ['props', 'pageProps', 'initialData', 'data']);
  const product = dig(data, ['product']);
  if (!isRecord(product) || (!str(product.usItemId) && !str(product.name))) throw layoutChanged(what, 'props.pageProps.initialData.data.product');
  const idml = dig(data, ['idml']);
  const current = num(dig(product, ['priceInfo', 'currentPrice', 'price']));
  const original = num(dig(product, ['priceInfo', 'wasPrice', 'price']));
  const status = str(product.availabilityStatus);
  const badges = fulfillmentTexts(product);
  return {
    product_id: str(product.usItemId) ?? itemId,
    title: str(product.name),
    description: plainText(str(product.shortDescription) ?? str(dig(idml, ['shortDescription'])) ?? str(dig(idml, ['longDescription']))),
    brand: str(product.brand),
    seller: str(product.sellerDisplayName) ?? str(product.sellerName),
    price: {
      current,
      original: original !== null && current !== null && original > current ? original : null,
      currency: current === null ? null : (str(dig(product, ['priceInfo', 'currentPrice', 'currencyUnit'])) ?? 'USD'),
      display: current === null ? null : str(dig(product, ['priceInfo', 'currentPrice', 'priceString'])),
      discount_percentage: original !== null && current !== null && original > current ? Math.round(((original - current) / original) * 100) : null,
    },
    availability: { status: status ? (STATUS_TEXT[status] ?? status) : null, in_stock: status ? status === 'IN_STOCK' || status === 'LIMITED_STOCK' : null },
    rating: { average: num(product.averageRating), count: num(product.numberOfReviews) },
    shipping: {
      free_shipping: badges.some((text) => /free shipping|free delivery/i.test(text)),
      two_day_shipping: badges.some((text) => /\b2[- ]day|in 2 days|two[- ]day/i.test(text)),
      pickup: pickupAvailable(product) || badges.some((text) => /pickup/i.test(text)),
    },
    images: images(product),
    specifications: specifications(idml),
    url: absolute(str(product.canonicalUrl) ?? `/ip/${itemId}`, baseUrl),
  };
}

function fulfillmentTexts(product: Record<string, unknown>): string[] {
  const texts: string[] = [];
  for (const key of ['fulfillmentBadgeGroups', 'fulfillmentBadges', 'fulfillmentLabel']) {
    const list = product[key];
    if (!Array.isArray(list)) continue;
    for (const badge of list) {
      if (typeof badge === 'string') texts.push(badge);
      else if (isRecord(badge)) texts.push(...[badge.text, badge.message, badge.fulfillmentText].filter((value): value is string => typeof value === 'string'));
    }
  }
  return texts;
}

function pickupAvailable(product: Record<string, unknown>): boolean {
  const options = product.fulfillmentOptions;
  return Array.isArray(options) && options.some((option) => isRecord(option) && option.type === 'PICKUP' && option.availabilityStatus === 'AVAILABLE');
}

function images(product: Record<string, unknown>): string[] {
  const all = dig(product, ['imageInfo', 'allImages']);
  const urls = Array.isArray(all) ? all.map((image) => str(dig(image, ['url']))).filter((url): url is string => url !== null) : [];
  const thumbnail = str(dig(product, ['imageInfo', 'thumbnailUrl']));
  if (urls.length === 0 && thumbnail) urls.push(thumbnail);
  return [...new Set(urls)];
}

function specifications(idml: unknown): Record<string, string> {
  const list = dig(idml, ['specifications']);
  const specs: Record<string, string> = {};
  if (!Array.isArray(list)) return specs;
  for (const entry of list) {
    const name = str(dig(entry, ['name']));
    const value = str(dig(entry, ['value']));
    if (name && value !== null) specs[name] = value;
  }
  return specs;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** Walmart's descriptions are HTML fragments; the v1 field is text. */
function plainText(html: string | null): string | null {
  if (html === null) return null;
  const text = html
    .replace(/<(br|\/p|\/li|\/div)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) => ENTITIES[name])
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
  return text === '' ? null : text;
}
