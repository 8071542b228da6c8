import { parseHtml } from '../../extract/dom/dom';
import { layoutChanged } from './amazon-page-guard';
import { detailKey, fullSizeImage, parseCount, parsePrice, parseRating, textOf } from './amazon-text';

type Scalar = string | number | boolean | null;

/** The v1 AmazonProductResponse (closed): every field present, null when the page does not show it. */
export interface AmazonProduct {
  provider: 'amazon';
  page_type: 'product';
  asin: string | null;
  title: string | null;
  brand: string | null;
  price: number | null;
  currency: string | null;
  availability: string | null;
  rating: number | null;
  review_count: number | null;
  images: string[];
  bullet_points: string[];
  delivery: Array<{ type: string | null; date: { by: string | null } | null }>;
  featured_merchant: { name: string; seller_id: string | null; shipped_from: string | null; is_amazon_fulfilled: boolean | null } | null;
  buybox: Record<string, Scalar> | null;
  category: Array<{ ladder: Array<{ name: string; url: string }> }>;
  product_details: Record<string, Scalar>;
  url: string;
}

export interface ProductParseContext {
  asin: string;
  canonicalOrigin: string;
  currency: string;
}

const PRICE_SELECTORS = [
  '#corePrice_feature_div .a-price:not([data-a-strike]) .a-offscreen',
  '#corePriceDisplay_desktop_feature_div .priceToPay .a-offscreen',
  '#corePriceDisplay_desktop_feature_div .a-price:not([data-a-strike]) .a-offscreen',
  '#priceblock_ourprice',
  '#priceblock_dealprice',
].join(', ');

/** A product page (/dp/ASIN). Without `#productTitle` the page is not one this parser knows. */
export function parseProductPage(html: string, context: ProductParseContext): AmazonProduct {
  const what = `Amazon product ${context.asin}`;
  const { document } = parseHtml(html, context.canonicalOrigin);
  const title = textOf(document.querySelector('#productTitle'));
  if (!title) throw layoutChanged(what, 'the product title (#productTitle)');
  const buyboxElement = document.querySelector('#buybox, #desktop_buybox');
  const price = parsePrice(textOf(document.querySelector(PRICE_SELECTORS)));
  const currency = price ? (price.currency ?? context.currency) : null;
  const availability = textOf(document.querySelector('#availability span, #availability, #outOfStock .a-color-price')) ?? null;
  const merchant = featuredMerchant(document);
  const hasCart = document.querySelector('#add-to-cart-button') !== null;
  return {
    provider: 'amazon',
    page_type: 'product',
    asin: context.asin,
    title,
    brand: brandOf(document),
    price: price?.amount ?? null,
    currency,
    availability,
    rating: parseRating(document.querySelector('#acrPopover')?.getAttribute('title') ?? textOf(document.querySelector('#acrPopover .a-icon-alt'))) ?? null,
    review_count: parseCount(textOf(document.querySelector('#acrCustomerReviewText'))) ?? null,
    images: imagesOf(document),
    bullet_points: [...document.querySelectorAll('#feature-bullets li .a-list-item, #feature-bullets li')]
      .filter((item) => !item.querySelector('.a-list-item'))
      .map((item) => textOf(item))
      .filter((text): text is string => text !== undefined),
    delivery: deliveryOf(document),
    featured_merchant: merchant,
    // A buybox that sells: without an add-to-cart button (out of stock, "See All Buying Options") there is none.
    buybox:
      buyboxElement && hasCart
        ? {
            price: price?.amount ?? null,
            currency,
            availability,
            sold_by: merchant?.name ?? null,
            seller_id: merchant?.seller_id ?? null,
            ships_from: merchant?.shipped_from ?? null,
            is_amazon_fulfilled: merchant?.is_amazon_fulfilled ?? null,
            add_to_cart: true,
            buy_now: document.querySelector('#buy-now-button') !== null,
          }
        : null,
    category: categoryOf(document, context.canonicalOrigin),
    product_details: detailsOf(document),
    url: `${context.canonicalOrigin}/dp/${context.asin}`,
  };
}

/** "Visit the Sony Store", "Brand: Sony", or the overview table's Brand row. */
function brandOf(document: Document): string | null {
  const overview = textOf(document.querySelector('#productOverview_feature_div tr.po-brand td:last-child'));
  if (overview) return overview;
  const byline = textOf(document.querySelector('#bylineInfo'));
  if (!byline) return null;
  return (
    byline
      .replace(/^Visit the\s+/i, '')
      .replace(/\s+Store$/i, '')
      .replace(/^Brand:\s*/i, '')
      .trim() || null
  );
}

function imagesOf(document: Document): string[] {
  const images: string[] = [];
  const landing = document.querySelector('#landingImage, #imgBlkFront');
  const dynamic = landing?.getAttribute('data-a-dynamic-image');
  const main = landing?.getAttribute('data-old-hires') || (dynamic ? Object.keys(safeJson(dynamic))[0] : undefined) || landing?.getAttribute('src');
  if (main) images.push(main);
  for (const thumb of document.querySelectorAll('#altImages li.imageThumbnail img, #altImages li.item img')) {
    const src = thumb.getAttribute('src');
    if (src) images.push(fullSizeImage(src));
  }
  return [...new Set(images.filter((url) => /^https?:\/\//.test(url)))];
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The delivery block's messages: "FREE delivery" by "Tuesday, June 24", "Or fastest delivery" by "Tomorrow". */
function deliveryOf(document: Document): AmazonProduct['delivery'] {
  return [...document.querySelectorAll('#deliveryBlockMessage [data-csa-c-delivery-time], #mir-layout-DELIVERY_BLOCK [data-csa-c-delivery-time]')].map(
    (message) => {
      const by = message.getAttribute('data-csa-c-delivery-time') || textOf(message.querySelector('.a-text-bold')) || null;
      const full = textOf(message) ?? '';
      const type = (by ? full.split(by)[0] : full).replace(/[.,]\s*$/, '').trim();
      return { type: type || message.getAttribute('data-csa-c-delivery-type') || null, date: by ? { by } : null };
    },
  );
}

/** "Ships from" and "Sold by" of the offer the page features; null when the page features none. */
function featuredMerchant(document: Document): AmazonProduct['featured_merchant'] {
  const soldByLink = document.querySelector('#sellerProfileTriggerId');
  const soldBy =
    textOf(soldByLink) ??
    textOf(document.querySelector('#merchantInfoFeature_feature_div .offer-display-feature-text-message')) ??
    textOf(document.querySelector('[tabular-attribute-name="Sold by"] .tabular-buybox-text'));
  if (!soldBy) return null;
  const shippedFrom =
    textOf(document.querySelector('#fulfillerInfoFeature_feature_div .offer-display-feature-text-message')) ??
    textOf(document.querySelector('[tabular-attribute-name="Ships from"] .tabular-buybox-text')) ??
    null;
  const sellerHref = soldByLink?.getAttribute('href') ?? '';
  const sellerId = /[?&]seller=([A-Z0-9]+)/.exec(sellerHref)?.[1] ?? null;
  return { name: soldBy, seller_id: sellerId, shipped_from: shippedFrom, is_amazon_fulfilled: shippedFrom ? /^Amazon/i.test(shippedFrom) : null };
}

/** The breadcrumb ("Electronics › Headphones › Over-Ear"): one ladder. */
function categoryOf(document: Document, origin: string): AmazonProduct['category'] {
  const ladder = [...document.querySelectorAll('#wayfinding-breadcrumbs_feature_div li a')].flatMap((link) => {
    const name = textOf(link);
    const href = link.getAttribute('href');
    return name && href ? [{ name, url: new URL(href, origin).href }] : [];
  });
  return ladder.length > 0 ? [{ ladder }] : [];
}

/** The technical details and additional information tables, and the detail bullets of pages without tables. */
function detailsOf(document: Document): Record<string, Scalar> {
  const details: Record<string, Scalar> = {};
  const put = (label: string | undefined, value: string | undefined) => {
    const key = label && detailKey(label);
    if (key && value && key !== 'customer_reviews' && !(key in details)) details[key] = value;
  };
  for (const row of document.querySelectorAll(
    '#productDetails_techSpec_section_1 tr, #productDetails_detailBullets_sections1 tr, #productDetails_feature_div table tr',
  )) {
    put(textOf(row.querySelector('th')), textOf(row.querySelector('td')));
  }
  for (const item of document.querySelectorAll('#detailBullets_feature_div li .a-list-item')) {
    const spans = [...item.children].filter((child) => child.tagName === 'SPAN');
    put(textOf(spans[0]), textOf(spans[1]));
  }
  return details;
}
