import fs from 'node:fs';
import path from 'node:path';
import type { ScrapioError } from '../../../../src/errors';
import { assertAmazonPage } from '../../../../src/surfaces/amazon/amazon-page-guard';
import { parseCount, parsePrice, parseRating } from '../../../../src/surfaces/amazon/amazon-text';
import { parseOffersPage } from '../../../../src/surfaces/amazon/offers-parser';
import { parseProductPage } from '../../../../src/surfaces/amazon/product-parser';
import { productAsin } from '../../../../src/surfaces/amazon/product-asin';
import { parseSearchPage } from '../../../../src/surfaces/amazon/search-parser';
import type { FetchedDocument } from '../../../../src/extract/fetched-document';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../../fixtures/amazon', name), 'utf8');
const US = { canonicalOrigin: 'https://www.amazon.com', currency: 'USD' };

function thrown(fn: () => unknown): ScrapioError {
  try {
    fn();
  } catch (error) {
    return error as ScrapioError;
  }
  throw new Error('expected a throw');
}

function page(text: string, statusCode = 200): FetchedDocument {
  return {
    requestedUrl: 'https://www.amazon.com/s',
    finalUrl: 'https://www.amazon.com/s',
    statusCode,
    headers: {},
    contentType: 'text/html',
    body: Buffer.from(text),
    text,
    redirects: [],
  };
}

describe('Amazon text readers', () => {
  it('reads prices in every marketplace notation', () => {
    expect(parsePrice('$1,248.00')).toEqual({ amount: 1248 });
    expect(parsePrice('1.299,99 €')).toEqual({ amount: 1299.99, currency: 'EUR' });
    expect(parsePrice('￥1,980')).toEqual({ amount: 1980, currency: 'JPY' });
    expect(parsePrice('£39.5')).toEqual({ amount: 39.5, currency: 'GBP' });
    expect(parsePrice('Currently unavailable')).toBeUndefined();
    expect(parseRating('4,6 von 5 Sternen')).toBe(4.6);
    expect(parseCount('(1.234 Bewertungen)')).toBe(1234);
  });
});

describe('Amazon search page', () => {
  it('reads every result card: sponsored, prime, strike-through list price ignored, missing price', () => {
    const parsed = parseSearchPage(fixture('search-page-1.html'), US);
    expect(parsed.hasNext).toBe(true);
    expect(parsed.numberOfResults).toBe(2000);
    expect(parsed.products).toEqual([
      {
        position: 1,
        asin: 'B0CHWRXH8B',
        title: 'Soundcore by Anker Q20i Hybrid Active Noise Cancelling Headphones, Wireless Over-Ear Bluetooth, 40H Long ANC Playtime',
        price: 39.99,
        currency: 'USD',
        rating: 4.5,
        review_count: 48213,
        is_prime: true,
        is_sponsored: true,
        image: 'https://m.media-amazon.com/images/I/61+WYAjltpL._AC_UY218_.jpg',
        url: 'https://www.amazon.com/dp/B0CHWRXH8B',
      },
      expect.objectContaining({ position: 2, asin: 'B0863TXGM3', price: 1248, rating: 4.6, review_count: 63044, is_sponsored: false, is_prime: true }),
      expect.objectContaining({
        position: 3,
        asin: 'B09XS7JWHH',
        title: 'JBL Tune 510BT: Wireless On-Ear Headphones with Purebass Sound - Black',
        price: null,
        currency: null,
        rating: null,
        is_prime: false,
      }),
    ]);
  });

  it('knows the last page, and an honest "No results for" page', () => {
    expect(parseSearchPage(fixture('search-page-3.html'), US).hasNext).toBe(false);
    expect(parseSearchPage(fixture('search-no-results.html'), US)).toEqual({ products: [], numberOfResults: null, hasNext: false });
  });

  it('a changed layout is extraction_failed, never an empty success', () => {
    const error = thrown(() => parseSearchPage(fixture('search-changed-layout.html'), US));
    expect(error.code).toBe('extraction_failed');
    expect(error.message).toMatch(/layout may have changed/);
  });
});

describe('Amazon product page', () => {
  it('reads title, brand, price, buybox, merchant, delivery, images, bullets, category and details', () => {
    const product = parseProductPage(fixture('product-buybox.html'), { ...US, asin: 'B0863TXGM3' });
    expect(product).toMatchObject({
      asin: 'B0863TXGM3',
      title: 'Sony WH-1000XM4 Wireless Premium Noise Canceling Overhead Headphones with Mic for Phone-Call and Alexa Voice Control, Black',
      brand: 'Sony',
      price: 248,
      currency: 'USD',
      availability: 'In Stock',
      rating: 4.6,
      review_count: 63044,
      featured_merchant: { name: 'Amazon.com', seller_id: 'ATVPDKIKX0DER', shipped_from: 'Amazon.com', is_amazon_fulfilled: true },
      delivery: [
        { type: 'FREE delivery', date: { by: 'Tuesday, June 24' } },
        { type: 'Or fastest delivery', date: { by: 'Tomorrow, June 22' } },
      ],
      url: 'https://www.amazon.com/dp/B0863TXGM3',
    });
    expect(product.images).toEqual([
      'https://m.media-amazon.com/images/I/51SKmu2G9FL._AC_SL1000_.jpg',
      'https://m.media-amazon.com/images/I/41lArSiD5hL.jpg',
      'https://m.media-amazon.com/images/I/51qwbpnHr5L.jpg',
    ]);
    expect(product.bullet_points).toHaveLength(3);
    expect(product.bullet_points[0]).toBe('Industry-leading noise canceling with Dual Noise Sensor technology');
    expect(product.buybox).toMatchObject({ price: 248, add_to_cart: true, buy_now: true, sold_by: 'Amazon.com' });
    expect(product.category).toEqual([
      {
        ladder: [
          { name: 'Electronics', url: 'https://www.amazon.com/electronics-store/b/ref=dp_bc_aui_C_1?ie=UTF8&node=172282' },
          { name: 'Headphones, Earbuds & Accessories', url: 'https://www.amazon.com/Headphones-Audio/b/ref=dp_bc_aui_C_2?ie=UTF8&node=172541' },
          { name: 'Over-Ear Headphones', url: 'https://www.amazon.com/Over-Ear-Headphones/b/ref=dp_bc_aui_C_3?ie=UTF8&node=12097478011' },
        ],
      },
    ]);
    expect(product.product_details).toMatchObject({
      item_weight: '8.96 ounces',
      item_model_number: 'WH1000XM4/B',
      asin: 'B0863TXGM3',
      date_first_available: 'August 6, 2020',
    });
    expect(product.product_details).not.toHaveProperty('customer_reviews');
  });

  it('a product without a buybox: no price, buybox or merchant; details from the detail bullets', () => {
    const product = parseProductPage(fixture('product-no-buybox.html'), { ...US, asin: 'B07XJ8C8F5' });
    expect(product).toMatchObject({
      brand: 'Soundcore',
      price: null,
      currency: null,
      buybox: null,
      featured_merchant: null,
      availability: 'Available from these sellers.',
    });
    expect(product.images).toEqual(['https://m.media-amazon.com/images/I/61+WYAjltpL._AC_SL1500_.jpg']);
    expect(product.product_details).toEqual({ product_dimensions: '7.5 x 3.2 x 8.1 inches; 9.3 ounces', item_model_number: 'A3028', asin: 'B07XJ8C8F5' });
  });

  it('an out-of-stock product says so', () => {
    const product = parseProductPage(fixture('product-out-of-stock.html'), { ...US, asin: 'B09XS7JWHH' });
    expect(product).toMatchObject({ brand: 'JBL', availability: 'Currently unavailable.', price: null, buybox: null, rating: 4.5, review_count: 71902 });
  });

  it('a changed layout is extraction_failed', () => {
    expect(thrown(() => parseProductPage(fixture('product-changed-layout.html'), { ...US, asin: 'B0863TXGM3' })).code).toBe('extraction_failed');
  });
});

describe('Amazon offers panel', () => {
  it('reads the featured offer and every seller', () => {
    const pricing = parseOffersPage(fixture('offers-multiple.html'), { ...US, asin: 'B0863TXGM3' });
    expect(pricing.featured_offer).toEqual({
      seller_name: 'Amazon.com',
      seller_id: 'ATVPDKIKX0DER',
      price: 248,
      currency: 'USD',
      shipping_price: 0,
      condition: 'New',
      condition_notes: null,
      is_prime: true,
      is_fba: true,
      delivery: 'FREE delivery Tuesday, June 24',
      seller_rating: null,
      seller_rating_count: null,
    });
    expect(pricing.seller_summary).toEqual({ offer_count: 3, has_amazon: true });
    expect(pricing.offers).toHaveLength(3);
    expect(pricing.offers[1]).toMatchObject({
      seller_name: 'WarehouseAudio',
      seller_id: 'A2L77EE7U53NWQ',
      price: 229.99,
      condition: 'Used - Like New',
      condition_notes: 'Ear pads show light wear; original box and all accessories included.',
      is_fba: true,
      seller_rating: 4.5,
      seller_rating_count: 1234,
    });
    expect(pricing.offers[2]).toMatchObject({
      seller_name: 'SoundDeals US',
      shipping_price: 5.99,
      is_prime: false,
      is_fba: false,
      seller_rating: 4,
      seller_rating_count: 318,
    });
  });

  it('no featured offer when nobody wins the buybox; an empty panel that says 0 offers', () => {
    const noBuybox = parseOffersPage(fixture('offers-no-buybox.html'), { ...US, asin: 'B07XJ8C8F5' });
    expect(noBuybox.featured_offer).toBeNull();
    expect(noBuybox.seller_summary).toEqual({ offer_count: 2, has_amazon: false });
    expect(noBuybox.offers.map((offer) => offer.seller_name)).toEqual(['Gadget Outlet', 'Budget Audio Co']);
    const none = parseOffersPage(fixture('offers-none.html'), { ...US, asin: 'B09XS7JWHH' });
    expect(none).toMatchObject({ featured_offer: null, offers: [], seller_summary: { offer_count: 0, has_amazon: false } });
  });

  it('a page without the panel is extraction_failed', () => {
    expect(thrown(() => parseOffersPage(fixture('product-changed-layout.html'), { ...US, asin: 'B0863TXGM3' })).code).toBe('extraction_failed');
  });
});

describe('Amazon page guard', () => {
  it('the robot check is target_blocked, whatever the status', () => {
    for (const status of [200, 503]) {
      const error = thrown(() => assertAmazonPage(page(fixture('captcha.html'), status), 'Amazon search'));
      expect(error.code).toBe('target_blocked');
      expect(error.blocked).toBe(true);
    }
    expect(thrown(() => assertAmazonPage(page('<html></html>', 404), 'x')).code).toBe('not_found');
  });
});

describe('product ASIN', () => {
  it('takes asin, or query as an ASIN or an Amazon product URL', () => {
    expect(productAsin({ asin: 'b0863txgm3' })).toBe('B0863TXGM3');
    expect(productAsin({ query: 'https://www.amazon.de/Sony-WH-1000XM4/dp/B0863TXGM3/ref=sr_1_1?keywords=x' })).toBe('B0863TXGM3');
    expect(productAsin({ query: 'B0863TXGM3' })).toBe('B0863TXGM3');
    expect(thrown(() => productAsin({ query: 'https://evil.example/dp/B0863TXGM3' })).message).toMatch(/not an Amazon marketplace/);
    expect(thrown(() => productAsin({ asin: 'short' })).code).toBe('invalid_request');
  });
});
