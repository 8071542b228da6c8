import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, KEY_B, startTestServer, stopAll, tempDir, waitForJob, type TestServer } from '../../helpers/test-server';
import { startWalmartSite, type WalmartSite } from '../../helpers/walmart-site';

/**
 * The Walmart endpoints through the real server (real SQLite, real HttpClient and worker pool) against the
 * fixture walmart.com that walmart.baseUrl points at.
 */
let site: WalmartSite;
let ts: TestServer;

const walmartConfig = (url: string) => ({ walmart: { baseUrl: url, perRequestDelayMs: 5 }, workers: { shutdownGraceMs: 100 } });

beforeAll(async () => {
  site = await startWalmartSite();
  ts = await startTestServer(walmartConfig(site.url));
});

afterAll(() => stopAll(ts, site));

beforeEach(() => {
  site.requests.length = 0;
  site.onSearchPage = undefined;
  site.blockPages.clear();
});

/** The v1 Walmart response schemas are closed and have no request_id: the body must be exactly the spec's. */
function specBody(body: Record<string, unknown>): Record<string, unknown> {
  expect(body).not.toHaveProperty('request_id');
  return body;
}

const get = (path: string, query: Record<string, string>) => ts.api.get(path).query(query).set(bearer(KEY_A));

describe('GET /v1/walmart/search', () => {
  it('answers page 1 as the v1 WalmartSearchResponse, filters passed on in walmart.com search URL form', async () => {
    const res = await get('/v1/walmart/search', { search: 'coffee maker', sort_by: 'price_low', min_price: '10', max_price: '100', delivery_zip: '72712' });
    expect(res.status).toBe(200);
    expectSpecValid('WalmartSearchResponse', specBody(res.body));
    expect(site.requests).toEqual(['/search?q=coffee+maker&sort=price_low&min_price=10&max_price=100']);
    expect(res.body.products.map((product: { product_id: string }) => product.product_id)).toEqual(['10001', '10002', '10003', '10004']);
    expect(res.body.products.map((product: { position: number }) => product.position)).toEqual([1, 2, 3, 4]);
    expect(res.body.meta_data).toEqual({
      url: `${site.url}/search?q=coffee+maker&sort=price_low&min_price=10&max_price=100`,
      query: 'coffee maker',
      start_page: 1,
      page: 1,
      end_page: 1,
      pages_requested: 1,
      pages_returned: 1,
      number_of_results: 1234,
      number_of_products: 4,
      total_pages: 3,
    });
    expect(res.body.facets.applied_filters).toEqual({ sort_by: 'price_low', min_price: 10, max_price: 100, fulfillment_speed: null, fulfillment_type: null });
    expect(res.body.location).toEqual({ delivery_zip: '72712', zip_code: null, store_id: null, domain: 'walmart.com' });
  });

  it('reads `pages` pages from `page`, stops at the last page Walmart has, and lists a repeated product once', async () => {
    const res = await get('/v1/walmart/search', { search: 'coffee maker', page: '2', pages: '4' });
    expect(res.status).toBe(200);
    expectSpecValid('WalmartSearchResponse', specBody(res.body));
    expect(site.requests).toEqual(['/search?q=coffee+maker&page=2', '/search?q=coffee+maker&page=3']);
    expect(res.body.products.map((product: { product_id: string }) => product.product_id)).toEqual(['10005', '10006', '10007', '10001']);
    expect(res.body.meta_data).toMatchObject({ start_page: 2, end_page: 5, pages_requested: 4, pages_returned: 2 });
  });

  it('answers a search without results with no products (the page was read and had none)', async () => {
    const res = await get('/v1/walmart/search', { search: 'zxqvplm' });
    expect(res.status).toBe(200);
    expectSpecValid('WalmartSearchResponse', specBody(res.body));
    expect(res.body.products).toEqual([]);
    expect(res.body.meta_data.number_of_products).toBe(0);
  });

  it('a bot check is 502 target_blocked; a changed layout is 422 extraction_failed; Walmart 5xx is 502', async () => {
    for (const search of ['robot', 'captcha']) {
      const res = await get('/v1/walmart/search', { search });
      expect(res.status).toBe(502);
      expectSpecValid('ErrorResponse', res.body);
      expect(res.body.error.code).toBe('target_blocked');
      expect(res.body.diagnostics).toMatchObject({ outcome: 'failed', retryable: true, blocked: true });
    }
    expect(site.requests.some((request) => request.startsWith('/blocked'))).toBe(false); // the redirect is recognised, not followed
    for (const search of ['changed', 'no next data']) {
      const res = await get('/v1/walmart/search', { search });
      expect(res.status).toBe(422);
      expectSpecValid('ErrorResponse', res.body);
      expect(res.body.error.code).toBe('extraction_failed');
    }
    const broken = await get('/v1/walmart/search', { search: 'broken' });
    expect(broken.status).toBe(502);
    expect(broken.body.error.code).toBe('target_unreachable');
  });

  it('validates every parameter as the spec says: 400 invalid_request in the v1 envelope', async () => {
    const bad: Array<Record<string, string>> = [
      {},
      { search: '' },
      { search: 'tv', page: 'two' },
      { search: 'tv', pages: '0' },
      { search: 'tv', pages: '6' },
      { search: 'tv', min_price: '-3' },
      { search: 'tv', device: 'watch' },
      { search: 'tv', query: 'tv' },
      { search: 'tv', timeout_ms: '999999999' },
    ];
    for (const query of bad) {
      const res = await get('/v1/walmart/search', query);
      expect([res.status, res.body.error?.code, query]).toEqual([400, 'invalid_request', query]);
      expectSpecValid('ErrorResponse', res.body);
    }
    const repeated = await ts.api.get('/v1/walmart/search?search=a&search=b').set(bearer(KEY_A));
    expect(repeated.status).toBe(400);
    expect(site.requests).toEqual([]);
    expect((await ts.api.get('/v1/walmart/search').query({ search: 'tv' })).status).toBe(401);
    expect((await ts.api.post('/v1/walmart/search').set(bearer(KEY_A)).send({})).status).toBe(405);
  });
});

describe('GET /v1/walmart/product', () => {
  it('answers each product page shape as the v1 WalmartProductResponse', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['10001', { seller: 'Walmart.com', availability: { status: 'In stock', in_stock: true } }],
      ['10008', { seller: null, price: { current: null, original: null, currency: null, display: null, discount_percentage: null } }],
      ['10002', { seller: 'Best Deals Outlet' }],
      ['10006', { availability: { status: 'Out of stock', in_stock: false } }],
    ];
    for (const [id, expected] of cases) {
      const res = await get('/v1/walmart/product', { product_id: id, store_id: '5260' });
      expect(res.status).toBe(200);
      expectSpecValid('WalmartProductResponse', specBody(res.body));
      expect(res.body).toMatchObject({ provider: 'walmart', page_type: 'product', product_id: id, ...expected });
      expect(res.body.location).toEqual({ delivery_zip: null, zip_code: null, store_id: '5260', domain: 'walmart.com' });
    }
  });

  it('takes a product URL or an id with its slug', async () => {
    const byUrl = await get('/v1/walmart/product', { product_id: 'https://www.walmart.com/ip/Mr-Coffee-12-Cup/10001' });
    expect(byUrl.status).toBe(200);
    const bySlug = await get('/v1/walmart/product', { product_id: '10001', slug: 'Mr-Coffee-12-Cup' });
    expect(bySlug.status).toBe(200);
    expect(site.requests).toEqual(['/ip/10001', '/ip/Mr-Coffee-12-Cup/10001']);
  });

  it('bot check 502, changed layout 422, unknown item 404, bad id 400', async () => {
    expect((await get('/v1/walmart/product', { product_id: '10010' })).body.error.code).toBe('target_blocked');
    const changed = await get('/v1/walmart/product', { product_id: '10009' });
    expect([changed.status, changed.body.error.code]).toEqual([422, 'extraction_failed']);
    expect((await get('/v1/walmart/product', { product_id: '77777' })).status).toBe(404);
    for (const query of [{ product_id: 'coffee' }, { product_id: '' }, {}, { product_id: '1', device: 'tv' }, { product_id: '1', item_id: '1' }]) {
      const res = await get('/v1/walmart/product', query as Record<string, string>);
      expect([res.status, res.body.error?.code]).toEqual([400, 'invalid_request']);
    }
  });
});

describe('GET /v1/walmart/search/crawl', () => {
  it('runs a walmart_search_crawl job: pages start_page..end_page, polled through the Jobs API, per tenant', async () => {
    const submit = await get('/v1/walmart/search/crawl', { search: 'coffee maker', start_page: '1', end_page: '3' });
    expect(submit.status).toBe(202);
    expectSpecValid('AsyncJobAcceptedResponse', submit.body);
    expect(submit.body).not.toHaveProperty('job_type'); // AsyncFetchResponse is closed and has none
    const status = await waitForJob(ts.api, KEY_A, submit.body.job_id);
    expect(status.status).toBe('completed');
    // The v1 JobResponse enumerates job types and has no walmart_search_crawl; the rest of the shape is the
    // YouTube crawl's (the same closed branch), so it is checked as that.
    expectSpecValid('JobResponse', { ...status, job_type: 'youtube_search_crawl' });
    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expect(result.status).toBe(200);
    expectSpecValid('WalmartSearchResponse', result.body.result);
    expect(result.body.result.products.map((product: { product_id: string }) => product.product_id)).toEqual([
      '10001',
      '10002',
      '10003',
      '10004',
      '10005',
      '10006',
      '10007',
    ]);
    expect(result.body.result.meta_data).toMatchObject({ start_page: 1, end_page: 3, pages_returned: 3, number_of_products: 7 });
    expect(site.requests).toEqual(['/search?q=coffee+maker', '/search?q=coffee+maker&page=2', '/search?q=coffee+maker&page=3']);
    expect((await ts.api.get(`/v1/jobs/${submit.body.job_id}`).set(bearer(KEY_B))).status).toBe(404);
  });

  it('validates the crawl query (end_page required, digits only) before queueing anything', async () => {
    const bad: Array<Record<string, string>> = [
      { search: 'tv' },
      { search: 'tv', end_page: 'x' },
      { search: 'tv', start_page: '4', end_page: '2' },
      { search: 'tv', end_page: '51' },
    ];
    for (const query of bad) {
      const res = await get('/v1/walmart/search/crawl', query);
      expect([res.status, res.body.error?.code]).toEqual([400, 'invalid_request']);
    }
  });

  it('a bot check on a later page is retried, and the retry resumes after the stored pages', async () => {
    site.blockPages.set(2, 1);
    const submit = await get('/v1/walmart/search/crawl', { search: 'coffee maker', end_page: '3' });
    const status = await waitForJob(ts.api, KEY_A, submit.body.job_id);
    expect(status.status).toBe('completed');
    // Page 1 once; page 2 twice (blocked, then read on the retry); page 3 once.
    expect(site.requests).toEqual([
      '/search?q=coffee+maker',
      '/search?q=coffee+maker&page=2',
      '/search?q=coffee+maker&page=2',
      '/search?q=coffee+maker&page=3',
    ]);
    const result = await ts.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
    expect(result.body.result.meta_data.number_of_products).toBe(7);
  });

  it('a bot check on every attempt of the first page fails the job with target_blocked', async () => {
    const submit = await get('/v1/walmart/search/crawl', { search: 'captcha', end_page: '2' });
    const status = await waitForJob(ts.api, KEY_A, submit.body.job_id, 30000);
    expect(status.status).toBe('failed');
    expect(status.error).toMatchObject({ code: 'target_blocked' });
  });
});

describe('walmart_search_crawl across a restart', () => {
  it('a server stopped mid-crawl resumes the job on the next start without fetching stored pages again', async () => {
    const dataDir = tempDir('scrapio-walmart-restart-');
    const first = await startTestServer(walmartConfig(site.url), dataDir);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reachedPage2: () => void = () => undefined;
    const atPage2 = new Promise<void>((resolve) => (reachedPage2 = resolve));
    site.onSearchPage = async (page) => {
      if (page !== 2) return;
      reachedPage2();
      await held;
    };
    const submit = await first.api.get('/v1/walmart/search/crawl').query({ search: 'coffee maker', end_page: '3' }).set(bearer(KEY_A));
    expect(submit.status).toBe(202);
    await atPage2;
    await first.stop(); // page 1 is stored; page 2 is in flight when the grace period ends
    site.onSearchPage = undefined;
    release();
    site.requests.length = 0;

    const second = await startTestServer(walmartConfig(site.url), dataDir);
    try {
      const status = await waitForJob(second.api, KEY_A, submit.body.job_id);
      expect(status.status).toBe('completed');
      expect(site.requests).toEqual(['/search?q=coffee+maker&page=2', '/search?q=coffee+maker&page=3']);
      const result = await second.api.get(`/v1/jobs/${submit.body.job_id}/result`).set(bearer(KEY_A));
      expect(result.body.result.products).toHaveLength(7);
    } finally {
      await second.stop();
    }
  });
});
