import { parseHtml } from '../../extract/dom/dom';
import { layoutChanged } from './amazon-page-guard';
import { parseCount, parsePrice, textOf } from './amazon-text';

/** One offer of the v1 AmazonPricingResponse (closed: every field present, null when not shown). */
export interface AmazonOffer {
  seller_name: string | null;
  seller_id: string | null;
  price: number | null;
  currency: string | null;
  shipping_price: number | null;
  condition: string | null;
  condition_notes: string | null;
  is_prime: boolean | null;
  is_fba: boolean | null;
  delivery: string | null;
  seller_rating: number | null;
  seller_rating_count: number | null;
}

export interface AmazonPricing {
  provider: 'amazon';
  page_type: 'pricing';
  asin: string | null;
  featured_offer: AmazonOffer | null;
  seller_summary: { offer_count: number | null; has_amazon: boolean | null };
  offers: AmazonOffer[];
  url: string;
}

export interface PricingParseContext {
  asin: string;
  canonicalOrigin: string;
  currency: string;
}

/** Amazon's own seller id in every marketplace's offer listings. */
const AMAZON_SELLER_IDS = new Set(['ATVPDKIKX0DER', 'A3JWKAKR8XB7XF', 'A1AM78C64UM0Y8', 'A3P5ROKL5A1OLE', 'A1X6FK5RDHNB96', 'A11IL2PNWYJU7H']);

/**
 * The "All offers" panel (/gp/aod/ajax?asin=…): the pinned offer (the buybox winner, absent when nobody wins
 * it) and the offer list. `offers` holds every offer on the panel, the pinned one first; `offer_count` is the
 * total the panel states. A panel with no offers says so with a count of 0; a page with none of the panel's
 * elements has a layout this parser does not know.
 */
export function parseOffersPage(html: string, context: PricingParseContext): AmazonPricing {
  const what = `Amazon offers of ${context.asin}`;
  const { document } = parseHtml(html, context.canonicalOrigin);
  const pinned = document.querySelector('#aod-pinned-offer');
  const listed = [...document.querySelectorAll('#aod-offer-list > #aod-offer, #aod-offer-list > .aod-information-block, #aod-offer-list [id="aod-offer"]')];
  const countElement = document.querySelector('#aod-total-offer-count');
  if (!pinned && listed.length === 0 && !countElement) throw layoutChanged(what, 'the offers panel (#aod-pinned-offer, #aod-offer-list)');
  const featured = pinned && pinned.querySelector('#aod-offer-price, .aod-offer-price') ? offerOf(pinned, context) : null;
  const offers = [...(featured ? [featured] : []), ...[...new Set(listed)].map((element) => offerOf(element, context))];
  const statedCount = countElement ? Number(countElement.getAttribute('value')) : NaN;
  return {
    provider: 'amazon',
    page_type: 'pricing',
    asin: context.asin,
    featured_offer: featured,
    seller_summary: {
      offer_count: Number.isSafeInteger(statedCount) && statedCount >= 0 ? statedCount : offers.length,
      has_amazon: offers.some(
        (offer) => (offer.seller_id !== null && AMAZON_SELLER_IDS.has(offer.seller_id)) || /^Amazon(\.|$)/i.test(offer.seller_name ?? ''),
      ),
    },
    offers,
    url: `${context.canonicalOrigin}/gp/offer-listing/${context.asin}`,
  };
}

function offerOf(offer: Element, context: PricingParseContext): AmazonOffer {
  const price = parsePrice(textOf(offer.querySelector('.a-price .a-offscreen')));
  const soldBy = offer.querySelector('#aod-offer-soldBy a, #aod-offer-soldBy .a-col-right .a-size-small');
  const sellerName = textOf(soldBy) ?? null;
  const sellerId = /[?&]seller=([A-Z0-9]+)/.exec(soldBy?.getAttribute('href') ?? '')?.[1] ?? null;
  const shipsFrom = textOf(offer.querySelector('#aod-offer-shipsFrom .a-col-right .a-size-small, #aod-offer-shipsFrom .a-col-right')) ?? null;
  const deliveryElement = offer.querySelector('[data-csa-c-delivery-price]');
  const shippingText = deliveryElement?.getAttribute('data-csa-c-delivery-price') ?? undefined;
  const heading = textOf(offer.querySelector('#aod-offer-heading h5, #aod-offer-heading')) ?? null;
  const star = /a-star-mini-(\d)(?:-(\d))?/.exec(offer.querySelector('#aod-offer-seller-rating i[class*="a-star-mini-"]')?.getAttribute('class') ?? '');
  return {
    seller_name: sellerName,
    seller_id: sellerId,
    price: price?.amount ?? null,
    currency: price ? (price.currency ?? context.currency) : null,
    shipping_price: shippingText === undefined ? null : /free|gratuit|kostenlos|gratis/i.test(shippingText) ? 0 : (parsePrice(shippingText)?.amount ?? null),
    condition: heading,
    condition_notes: textOf(offer.querySelector('#aod-condition-container .expandable-expanded-text, .aod-condition-notes')) ?? null,
    is_prime: offer.querySelector('.a-icon-prime, [aria-label="Amazon Prime"]') !== null,
    is_fba: shipsFrom ? /^Amazon/i.test(shipsFrom) : null,
    delivery: textOf(deliveryElement) ?? null,
    seller_rating: star ? Number(`${star[1]}.${star[2] ?? '0'}`) : null,
    seller_rating_count: parseCount(textOf(offer.querySelector('#aod-offer-seller-rating [id^="seller-rating-count"]'))) ?? null,
  };
}
