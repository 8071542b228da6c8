import { startAmazonSite, type AmazonSite } from '../../helpers/amazon-site';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, startTestServer, stopAll, type TestServer } from '../../helpers/test-server';

/** GET /v1/amazon/search, /product and /pricing through the real server, against a fixture marketplace (amazon.baseUrl). */
let site: AmazonSite;
let ts: TestServer;

beforeAll(async () => {
  site = await startAmazonSite();
  ts = await startTestServer({ amazon: { baseUrl: site.url, perRequestDelayMs: 0 } });
});

afterAll(() => stopAll(ts, site));

beforeEach(() => {
  site.requests.length = 0;
});

const get = (path: string, query: Record<string, string>) => ts.api.get(path).query(query).set(bearer(KEY_A));

describe('GET /v1/amazon/search', () => {
  it('answers one result page in the v1 AmazonSearchResponse shape', async () => {
    const res = await get('/v1/amazon/search', { search: 'wireless headphones' });
    expect(res.status).toBe(200);
    expectSpecValid('AmazonSearchResponse', res.body);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.body.meta_data).toEqual({
      url: 'https://www.amazon.com/s?k=wireless+headphones',
      query: 'wireless headphones',
      page: 1,
      sort_by: null,
      merchant_id: null,
      country: null,
      domain: 'com',
      number_of_results: 2000,
      number_of_products: 3,
    });
    expect(res.body.products.map((product: { asin: string }) => product.asin)).toEqual(['B0CHWRXH8B', 'B0863TXGM3', 'B09XS7JWHH']);
    expect(site.requests).toEqual(['/s?k=wireless+headphones']);
  });

  it('passes page, merchant_id, sort_by and language to Amazon; domain and country pick the marketplace', async () => {
    const res = await get('/v1/amazon/search', {
      search: 'wireless headphones',
      page: '2',
      merchant_id: 'ATVPDKIKX0DER',
      sort_by: 'price-asc-rank',
      language: 'de_DE',
      domain: 'de',
    });
    expect(res.status).toBe(200);
    expectSpecValid('AmazonSearchResponse', res.body);
    expect(site.requests).toEqual(['/s?k=wireless+headphones&page=2&me=ATVPDKIKX0DER&s=price-asc-rank&language=de_DE']);
    expect(res.body.meta_data).toMatchObject({
      page: 2,
      domain: 'de',
      merchant_id: 'ATVPDKIKX0DER',
      sort_by: 'price-asc-rank',
      url: expect.stringMatching(/^https:\/\/www\.amazon\.de\/s\?/),
    });
    expect(res.body.products[0]).toMatchObject({ asin: 'B07Q9MJKBV', url: 'https://www.amazon.de/dp/B07Q9MJKBV', currency: 'EUR' });

    const byCountry = await get('/v1/amazon/search', { search: 'wireless headphones', country: 'gb' });
    expect(byCountry.body.meta_data).toMatchObject({ country: 'gb', domain: 'co.uk' });
    expect(byCountry.body.products[0].url).toBe('https://www.amazon.co.uk/dp/B0CHWRXH8B');
  });

  it('an honest "No results for" page is an empty result list', async () => {
    const res = await get('/v1/amazon/search', { search: 'zxqvjjkw' });
    expect(res.status).toBe(200);
    expectSpecValid('AmazonSearchResponse', res.body);
    expect(res.body.products).toEqual([]);
  });
});

describe('GET /v1/amazon/product', () => {
  it('a product with a buybox, by asin and by product URL', async () => {
    const res = await get('/v1/amazon/product', { asin: 'B0863TXGM3' });
    expect(res.status).toBe(200);
    expectSpecValid('AmazonProductResponse', res.body);
    expect(res.body).toMatchObject({
      provider: 'amazon',
      page_type: 'product',
      asin: 'B0863TXGM3',
      brand: 'Sony',
      price: 248,
      currency: 'USD',
      availability: 'In Stock',
    });
    expect(res.body.buybox).toMatchObject({ add_to_cart: true, sold_by: 'Amazon.com' });
    const byUrl = await get('/v1/amazon/product', { query: 'https://www.amazon.com/Sony-WH-1000XM4/dp/B0863TXGM3/ref=sr_1_2?keywords=x' });
    expect(byUrl.body).toEqual(res.body);
    expect(site.requests).toEqual(['/dp/B0863TXGM3', '/dp/B0863TXGM3']);
  });

  it('a product without a buybox and an out-of-stock product', async () => {
    const noBuybox = await get('/v1/amazon/product', { asin: 'B07XJ8C8F5' });
    expect(noBuybox.status).toBe(200);
    expectSpecValid('AmazonProductResponse', noBuybox.body);
    expect(noBuybox.body).toMatchObject({ buybox: null, featured_merchant: null, price: null });
    const outOfStock = await get('/v1/amazon/product', { asin: 'B09XS7JWHH' });
    expect(outOfStock.status).toBe(200);
    expectSpecValid('AmazonProductResponse', outOfStock.body);
    expect(outOfStock.body).toMatchObject({ availability: 'Currently unavailable.', buybox: null });
  });

  it('an ASIN Amazon does not know is 404 not_found', async () => {
    const res = await get('/v1/amazon/product', { asin: 'B000000000' });
    expect(res.status).toBe(404);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('GET /v1/amazon/pricing', () => {
  it('the featured offer and every seller; no offers at all', async () => {
    const res = await get('/v1/amazon/pricing', { asin: 'B0863TXGM3', language: 'en_US' });
    expect(res.status).toBe(200);
    expectSpecValid('AmazonPricingResponse', res.body);
    expect(site.requests).toEqual(['/gp/aod/ajax?asin=B0863TXGM3&pc=dp&language=en_US']);
    expect(res.body.featured_offer).toMatchObject({ seller_name: 'Amazon.com', price: 248 });
    expect(res.body.offers).toHaveLength(3);
    expect(res.body.seller_summary).toEqual({ offer_count: 3, has_amazon: true });
    expect(res.body.url).toBe('https://www.amazon.com/gp/offer-listing/B0863TXGM3');

    const none = await get('/v1/amazon/pricing', { asin: 'B09XS7JWHH' });
    expect(none.status).toBe(200);
    expectSpecValid('AmazonPricingResponse', none.body);
    expect(none.body).toMatchObject({ featured_offer: null, offers: [], seller_summary: { offer_count: 0, has_amazon: false } });
  });
});

describe('blocked and changed pages', () => {
  it.each([
    ['/v1/amazon/search', { search: 'robot check' }],
    ['/v1/amazon/product', { asin: 'B0CAPTCHA1' }],
    ['/v1/amazon/pricing', { asin: 'B0CAPTCHA1' }],
  ])('%s: the robot check is 502 target_blocked', async (path, query) => {
    const res = await get(path, query);
    expect(res.status).toBe(502);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('target_blocked');
    expect(res.body.error.message).toMatch(/robot check/);
    expect(res.body.diagnostics).toMatchObject({ blocked: true, retryable: true });
  });

  it.each([
    ['/v1/amazon/search', { search: 'changed layout' }],
    ['/v1/amazon/product', { asin: 'B0CHANGED1' }],
    ['/v1/amazon/pricing', { asin: 'B0CHANGED1' }],
  ])('%s: a changed layout is 422 extraction_failed, never an empty success', async (path, query) => {
    const res = await get(path, query);
    expect(res.status).toBe(422);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('extraction_failed');
  });
});

describe('parameter validation', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    ['/v1/amazon/search', {}, /^search: is required/],
    ['/v1/amazon/search', { search: '' }, /^search: /],
    ['/v1/amazon/search', { search: 'x', page: '0' }, /^page: must be at least 1/],
    ['/v1/amazon/search', { search: 'x', page: '2.5' }, /^page: must be a string of digits/],
    ['/v1/amazon/search', { search: 'x', page: '-1' }, /^page: must be a string of digits/],
    ['/v1/amazon/search', { search: 'x', domain: 'evil.example.com' }, /^domain: must be a marketplace domain suffix/],
    ['/v1/amazon/search', { search: 'x', domain: 'zz' }, /^domain: must be an Amazon marketplace/],
    ['/v1/amazon/search', { search: 'x', country: 'US' }, /^country: must be a two-letter lower-case country code/],
    ['/v1/amazon/search', { search: 'x', country: 'usa' }, /^country: /],
    ['/v1/amazon/search', { search: 'x', device: 'watch' }, /^device: /],
    ['/v1/amazon/search', { search: 'x', enrich: 'reviews' }, /^enrich: /],
    ['/v1/amazon/search', { search: 'x', timeout_ms: '1e4' }, /^timeout_ms: must be a string of digits/],
    ['/v1/amazon/search', { search: 'x', merchant_id: 'A1/../x' }, /^merchant_id: /],
    ['/v1/amazon/search', { search: 'x', foo: '1' }, /unknown field "foo"/],
    ['/v1/amazon/product', {}, /^asin: is required \(or `query`/],
    ['/v1/amazon/product', { asin: 'B0863' }, /^asin: must be an ASIN/],
    ['/v1/amazon/product', { query: 'https://evil.example/dp/B0863TXGM3' }, /^query: evil\.example is not an Amazon marketplace/],
    ['/v1/amazon/product', { query: 'https://www.amazon.com/gp/help' }, /^query: the URL names no product/],
    ['/v1/amazon/pricing', {}, /^asin: is required/],
    ['/v1/amazon/pricing', { asin: 'b0863txgm3' }, /^asin: must be an ASIN/],
    ['/v1/amazon/search/crawl', { search: 'x' }, /^end_page: is required/],
    ['/v1/amazon/search/crawl', { search: 'x', start_page: '3', end_page: '2' }, /^end_page: must not be smaller than start_page/],
    ['/v1/amazon/search/crawl', { search: 'x', end_page: 'two' }, /^end_page: must be a string of digits/],
    ['/v1/amazon/search/crawl', { search: 'x', start_page: '1', end_page: '51' }, /^end_page: one crawl reads at most 50 pages/],
  ])('%s %j → 400 invalid_request', async (path, query, message) => {
    const res = await get(path, query);
    expect(res.status).toBe(400);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(message);
    expect(site.requests).toEqual([]);
  });

  it('needs an API key, and other methods are 405', async () => {
    expect((await ts.api.get('/v1/amazon/search').query({ search: 'x' })).status).toBe(401);
    const post = await ts.api.post('/v1/amazon/product').set(bearer(KEY_A)).send({});
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
  });
});
