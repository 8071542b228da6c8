import path from 'node:path';
import { openDatabase } from '../../../src/db/database';
import { SitePageStore } from '../../../src/surfaces/shared/site-page-store';
import { startAmazonSite, type AmazonSite } from '../../helpers/amazon-site';
import { expectSpecValid } from '../../helpers/spec-validator';
import { bearer, KEY_A, KEY_B, startTestServer, stopAll, tempDir, waitForJob, type TestServer } from '../../helpers/test-server';

/** GET /v1/amazon/search/crawl: the amazon_search_crawl job through the real server and the Jobs API. */
let site: AmazonSite;
let ts: TestServer;
let dataDir: string;
const config = () => ({ amazon: { baseUrl: site.url, perRequestDelayMs: 0 }, workers: { maxAttempts: 1, shutdownGraceMs: 200 } });

beforeAll(async () => {
  site = await startAmazonSite();
  dataDir = tempDir();
  ts = await startTestServer(config(), dataDir);
});

afterAll(() => stopAll(ts, site));

beforeEach(() => {
  site.requests.length = 0;
  site.changedPages.clear();
  site.beforeSearchPage = undefined;
});

async function crawl(query: Record<string, string>, key = KEY_A) {
  const res = await ts.api.get('/v1/amazon/search/crawl').query(query).set(bearer(key));
  expect(res.status).toBe(202);
  expectSpecValid('AsyncFetchResponse', res.body);
  return res.body.job_id as string;
}

async function result(jobId: string) {
  const res = await ts.api.get(`/v1/jobs/${jobId}/result`).set(bearer(KEY_A));
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ job_id: jobId, job_type: 'amazon_search_crawl', status: 'completed', mode: 'async' });
  return res.body.result as Record<string, unknown> & { products: Array<{ asin: string; position: number }>; meta_data: Record<string, unknown> };
}

describe('amazon_search_crawl', () => {
  it('reads start_page..end_page, ends after the last page Amazon has, and its result is an AmazonSearchResponse', async () => {
    const jobId = await crawl({ search: 'wireless headphones', end_page: '5' });
    const status = await waitForJob(ts.api, KEY_A, jobId);
    expect(status).toMatchObject({ job_type: 'amazon_search_crawl', status: 'completed', result_available: true });
    expect(site.requests).toEqual(['/s?k=wireless+headphones', '/s?k=wireless+headphones&page=2', '/s?k=wireless+headphones&page=3']);
    const body = await result(jobId);
    expectSpecValid('AmazonSearchResponse', body);
    expect(body.products.map((product) => [product.position, product.asin])).toEqual([
      [1, 'B0CHWRXH8B'],
      [2, 'B0863TXGM3'],
      [3, 'B09XS7JWHH'],
      [4, 'B07Q9MJKBV'],
      [5, 'B08HMWZBXC'],
      [6, 'B0BTYCRJSS'],
    ]);
    expect(body.meta_data).toMatchObject({
      start_page: 1,
      page: 1,
      end_page: 5,
      pages_requested: 5,
      pages_returned: 3,
      number_of_products: 6,
      number_of_results: 2000,
    });
    // Another tenant cannot see it.
    expect((await ts.api.get(`/v1/jobs/${jobId}`).set(bearer(KEY_B))).status).toBe(404);
  });

  it('starts at start_page and pages the products with ?offset=&limit=', async () => {
    const jobId = await crawl({ search: 'wireless headphones', start_page: '2', end_page: '3' });
    await waitForJob(ts.api, KEY_A, jobId);
    expect(site.requests).toEqual(['/s?k=wireless+headphones&page=2', '/s?k=wireless+headphones&page=3']);
    const body = await result(jobId);
    expect(body.products.map((product) => product.asin)).toEqual(['B07Q9MJKBV', 'B08HMWZBXC', 'B0BTYCRJSS']);
    const paged = await ts.api.get(`/v1/jobs/${jobId}/result`).query({ offset: '1', limit: '1' }).set(bearer(KEY_A));
    expect(paged.body.result.products.map((product: { asin: string }) => product.asin)).toEqual(['B08HMWZBXC']);
  });

  it('a later page that fails for good ends the job with the pages before it and says where it stopped', async () => {
    site.changedPages.add(2);
    const jobId = await crawl({ search: 'wireless headphones', end_page: '3' });
    const status = await waitForJob(ts.api, KEY_A, jobId);
    expect(status.status).toBe('completed');
    const body = await result(jobId);
    expect(body.products).toHaveLength(3);
    expect(body.meta_data).toMatchObject({ pages_returned: 1 });
    expect(body.diagnostics).toEqual({ stopped: { page: 2, code: 'extraction_failed', message: expect.stringContaining('Amazon search page 2') } });
  });

  it('a robot check on the first page fails the job with target_blocked', async () => {
    const jobId = await crawl({ search: 'robot check', end_page: '2' });
    const status = await waitForJob(ts.api, KEY_A, jobId);
    expect(status).toMatchObject({ status: 'failed', error: { code: 'target_blocked', diagnostics: { blocked: true } } });
  });

  it('stores each page as it completes; after a restart it resumes with the first page not stored', async () => {
    let arrived!: () => void;
    const page2Asked = new Promise<void>((resolve) => (arrived = resolve));
    // Page 2 never answers in the first process: the server stops while the job waits for it.
    site.beforeSearchPage = (page) => {
      if (page !== 2) return;
      arrived();
      return new Promise<void>(() => undefined);
    };
    const jobId = await crawl({ search: 'wireless headphones', end_page: '3' });
    await page2Asked;
    await ts.stop();

    const database = await openDatabase(path.join(dataDir, 'scrapio.db'));
    const stored = await new SitePageStore(database.db).pages(jobId);
    await database.close();
    expect(stored.map((page) => [page.page, page.items.length])).toEqual([[1, 3]]);

    site.beforeSearchPage = undefined;
    site.requests.length = 0;
    ts = await startTestServer(config(), dataDir);
    const status = await waitForJob(ts.api, KEY_A, jobId);
    expect(status.status).toBe('completed');
    expect(site.requests).toEqual(['/s?k=wireless+headphones&page=2', '/s?k=wireless+headphones&page=3']);
    const body = await result(jobId);
    expect(body.products.map((product) => product.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expectSpecValid('AmazonSearchResponse', body);
  });
});
