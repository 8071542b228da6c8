import { ScrapioError } from '../../../../src/errors';
import { assertWalmartPage } from '../../../../src/surfaces/walmart/page-guard';
import { parseProductPage } from '../../../../src/surfaces/walmart/product-parser';
import { parseSearchPage } from '../../../../src/surfaces/walmart/search-parser';
import { itemIdOf, productQuerySchema, searchCrawlQuerySchema, searchQuerySchema } from '../../../../src/surfaces/walmart/walmart-input';
import { walmartFixture } from '../../../helpers/walmart-site';

const BASE = 'https://www.walmart.com';

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return error instanceof ScrapioError ? error.code : 'not a ScrapioError';
  }
  return undefined;
}

const document = (text: string, extra: { statusCode?: number; finalUrl?: string } = {}) => ({
  requestedUrl: `${BASE}/search?q=x`,
  finalUrl: extra.finalUrl ?? `${BASE}/search?q=x`,
  statusCode: extra.statusCode ?? 200,
  headers: {},
  contentType: 'text/html',
  body: Buffer.from(text),
  text,
  redirects: [],
});

describe('Walmart search parser', () => {
  it('reads the products of itemStacks, skipping ad and tile placeholders, with totals and facets', () => {
    const page = parseSearchPage(walmartFixture('search-coffee-maker-1.html'), BASE);
    expect(page.products.map((product) => product.product_id)).toEqual(['10001', '10002', '10003', '10004']);
    expect(page.products[0]).toEqual({
      product_id: '10001',
      title: 'Mr. Coffee 12-Cup Programmable Coffee Maker, Black',
      price: 24.88,
      currency: 'USD',
      rating: 4.4,
      review_count: 5123,
      availability: 'In stock',
      image: 'https://i5.walmartimages.com/seo/10001.jpeg?odnHeight=180&odnWidth=180',
      url: 'https://www.walmart.com/ip/Mr.-Coffee-12-Cup-Programmable-Coffee-Maker-Black/10001?classType=REGULAR&athbdg=L1600',
      brand: 'Mr. Coffee',
      seller: 'Walmart.com',
      free_shipping: true,
      two_day_shipping: true,
    });
    expect(page.products[2]).toMatchObject({ free_shipping: false, two_day_shipping: false });
    expect(page.products[3]).toMatchObject({ seller: 'Home Goods Direct', free_shipping: true, two_day_shipping: false });
    expect(page.totalResults).toBe(1234);
    expect(page.totalPages).toBe(3);
    expect(page.facets.brands).toEqual([
      { name: 'Mr. Coffee', count: 212 },
      { name: 'Keurig', count: 96 },
      { name: 'BLACK+DECKER', count: 55 },
    ]);
    expect(page.facets.ratings).toEqual([
      { stars: 4, count: 640 },
      { stars: 3, count: 802 },
    ]);
    expect(page.facets.price_ranges).toEqual([
      { min: 0, max: 25, count: 300 },
      { min: 25, max: 50, count: 410 },
      { min: 50, max: null, count: 290 },
    ]);
  });

  it('reads an out-of-stock result and an empty results page', () => {
    expect(parseSearchPage(walmartFixture('search-coffee-maker-2.html'), BASE).products[1]).toMatchObject({ availability: 'Out of stock', price: 9.98 });
    expect(parseSearchPage(walmartFixture('search-no-results.html'), BASE).products).toEqual([]);
  });

  it('a page without __NEXT_DATA__ or without searchResult.itemStacks is extraction_failed, never an empty result', () => {
    expect(codeOf(() => parseSearchPage(walmartFixture('search-no-next-data.html'), BASE))).toBe('extraction_failed');
    expect(codeOf(() => parseSearchPage(walmartFixture('search-changed-layout.html'), BASE))).toBe('extraction_failed');
    expect(codeOf(() => parseSearchPage('<script id="__NEXT_DATA__" type="application/json">{not json</script>', BASE))).toBe('extraction_failed');
  });
});

describe('Walmart product parser', () => {
  it('reads a product with a buy box: price, was price, discount, stock, rating, shipping, images, specifications', () => {
    const product = parseProductPage(walmartFixture('product-buybox.html'), '10001', BASE);
    expect(product).toEqual({
      product_id: '10001',
      title: 'Mr. Coffee 12-Cup Programmable Coffee Maker, Black',
      description: "Brew up to 12 cups of coffee & enjoy it hot.\nProgrammable 24-hour timer\nPause 'n Serve",
      brand: 'Mr. Coffee',
      seller: 'Walmart.com',
      price: { current: 24.88, original: 29.99, currency: 'USD', display: '$24.88', discount_percentage: 17 },
      availability: { status: 'In stock', in_stock: true },
      rating: { average: 4.4, count: 5123 },
      shipping: { free_shipping: true, two_day_shipping: true, pickup: true },
      images: [
        'https://i5.walmartimages.com/seo/10001-1.jpeg',
        'https://i5.walmartimages.com/asr/10001-2.jpeg',
        'https://i5.walmartimages.com/asr/10001-3.jpeg',
      ],
      specifications: { Brand: 'Mr. Coffee', Capacity: '12 Cups', Color: 'Black', Features: 'Programmable, Auto Shut-Off' },
      url: 'https://www.walmart.com/ip/Mr.-Coffee-12-Cup-Programmable-Coffee-Maker-Black/10001',
    });
  });

  it('a product without a buy box has null prices and seller, not zeros', () => {
    const product = parseProductPage(walmartFixture('product-no-buybox.html'), '10008', BASE);
    expect(product.price).toEqual({ current: null, original: null, currency: null, display: null, discount_percentage: null });
    expect(product.seller).toBeNull();
    expect(product.availability).toEqual({ status: 'Not available', in_stock: false });
    expect(product.shipping).toEqual({ free_shipping: false, two_day_shipping: false, pickup: false });
  });

  it('with several sellers, reports the buy-box winner and its price', () => {
    const product = parseProductPage(walmartFixture('product-multiple-sellers.html'), '10002', BASE);
    expect(product.seller).toBe('Best Deals Outlet');
    expect(product.price).toEqual({ current: 82.5, original: null, currency: 'USD', display: '$82.50', discount_percentage: null });
    expect(product.shipping).toEqual({ free_shipping: false, two_day_shipping: false, pickup: false });
  });

  it('an out-of-stock product says so', () => {
    const product = parseProductPage(walmartFixture('product-out-of-stock.html'), '10006', BASE);
    expect(product.availability).toEqual({ status: 'Out of stock', in_stock: false });
    expect(product.price.current).toBe(9.98);
  });

  it('a product page without data.product is extraction_failed', () => {
    expect(codeOf(() => parseProductPage(walmartFixture('product-changed-layout.html'), '10009', BASE))).toBe('extraction_failed');
    expect(codeOf(() => parseProductPage(walmartFixture('search-no-next-data.html'), '10009', BASE))).toBe('extraction_failed');
  });
});

describe('Walmart page guard', () => {
  it('the "Robot or human?" page and a redirect to /blocked are target_blocked (retryable, blocked)', () => {
    expect(codeOf(() => assertWalmartPage(document(walmartFixture('blocked.html')), 'x'))).toBe('target_blocked');
    expect(codeOf(() => assertWalmartPage(document('', { statusCode: 307, finalUrl: `${BASE}/blocked?url=%2Fsearch` }), 'x'))).toBe('target_blocked');
    expect(codeOf(() => assertWalmartPage(document('busy', { statusCode: 429 }), 'x'))).toBe('target_blocked');
    expect(codeOf(() => assertWalmartPage(document('gone', { statusCode: 404 }), 'x'))).toBe('not_found');
    expect(codeOf(() => assertWalmartPage(document('err', { statusCode: 500 }), 'x'))).toBe('target_unreachable');
    expect(assertWalmartPage(document('<p>ok</p>'), 'x')).toBe('<p>ok</p>');
  });
});

describe('Walmart request schemas', () => {
  it('reads digit strings as numbers and rejects what the spec rejects', () => {
    expect(searchQuerySchema.parse({ search: 'tv', page: '2', pages: '3', min_price: '0', max_price: '40' })).toEqual({
      search: 'tv',
      page: 2,
      pages: 3,
      min_price: 0,
      max_price: 40,
    });
    for (const bad of [
      {},
      { search: '' },
      { search: 'tv', page: '-1' },
      { search: 'tv', page: '1.5' },
      { search: 'tv', page: '0' },
      { search: 'tv', min_price: '10', max_price: '5' },
      { search: 'tv', device: 'watch' },
      { search: 'tv', query: 'tv' },
      { search: 'tv', timeout_ms: 'soon' },
    ]) {
      expect(searchQuerySchema.safeParse(bad).success).toBe(false);
    }
    expect(searchCrawlQuerySchema.safeParse({ search: 'tv' }).success).toBe(false); // end_page is required
    expect(searchCrawlQuerySchema.safeParse({ search: 'tv', start_page: '3', end_page: '2' }).success).toBe(false);
    expect(searchCrawlQuerySchema.parse({ search: 'tv', end_page: '2', device: 'mobile' })).toEqual({ search: 'tv', end_page: 2, device: 'mobile' });
    expect(productQuerySchema.safeParse({ product_id: '1', slug: 'a/b' }).success).toBe(false);
    expect(productQuerySchema.safeParse({ product_id: '' }).success).toBe(false);
  });

  it('takes an item id or a walmart product URL as product_id', () => {
    expect(itemIdOf('44782430')).toBe('44782430');
    expect(itemIdOf('https://www.walmart.com/ip/Mr-Coffee-12-Cup/44782430')).toBe('44782430');
    expect(itemIdOf('https://www.walmart.com/ip/44782430')).toBe('44782430');
    expect(itemIdOf('coffee')).toBeUndefined();
    expect(itemIdOf('javascript:alert(1)//ip/1')).toBeUndefined();
    expect(itemIdOf('https://www.walmart.com/search?q=1')).toBeUndefined();
  });
});
