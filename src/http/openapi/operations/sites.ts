import * as amazon from '../../../surfaces/amazon/amazon-input';
import { googleSearchQuerySchema } from '../../../surfaces/search/google-input';
import * as walmart from '../../../surfaces/walmart/walmart-input';
import type { OperationSpec } from '../operation';

const queued = { '202': 'Queued: the job_id to poll with GET /v1/jobs/{id}.' };

/** /v1/google, /v1/amazon and /v1/walmart (routes/google.ts, routes/amazon.ts, routes/walmart.ts). */
export const siteOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/v1/google/search',
    operationId: 'googleSearch',
    summary: 'Search Google',
    tags: ['Google'],
    query: googleSearchQuerySchema,
    responses: { '200': 'The results page.' },
  },
  {
    method: 'get',
    path: '/v1/amazon/search',
    operationId: 'searchAmazon',
    summary: 'Search Amazon',
    tags: ['Amazon'],
    query: amazon.searchQuerySchema,
    responses: { '200': 'The results page.' },
  },
  {
    method: 'get',
    path: '/v1/amazon/product',
    operationId: 'getAmazonProduct',
    summary: 'Get Amazon product details',
    tags: ['Amazon'],
    query: amazon.productQuerySchema,
    responses: { '200': 'The product.' },
  },
  {
    method: 'get',
    path: '/v1/amazon/pricing',
    operationId: 'getAmazonPricing',
    summary: 'Get Amazon offer pricing',
    tags: ['Amazon'],
    query: amazon.pricingQuerySchema,
    responses: { '200': 'The offers.' },
  },
  {
    method: 'get',
    path: '/v1/amazon/search/crawl',
    operationId: 'queueAmazonSearchCrawl',
    summary: 'Queue an Amazon search crawl job',
    tags: ['Amazon'],
    query: amazon.searchCrawlQuerySchema,
    responses: queued,
  },
  {
    method: 'get',
    path: '/v1/walmart/search',
    operationId: 'searchWalmart',
    summary: 'Search Walmart (`pages` result pages from `page`)',
    tags: ['Walmart'],
    query: walmart.searchQuerySchema,
    responses: { '200': 'The results.' },
  },
  {
    method: 'get',
    path: '/v1/walmart/product',
    operationId: 'getWalmartProduct',
    summary: 'Get Walmart product details',
    tags: ['Walmart'],
    query: walmart.productQuerySchema,
    responses: { '200': 'The product.' },
  },
  {
    method: 'get',
    path: '/v1/walmart/search/crawl',
    operationId: 'queueWalmartSearchCrawl',
    summary: 'Queue a Walmart search crawl job',
    tags: ['Walmart'],
    query: walmart.searchCrawlQuerySchema,
    responses: queued,
  },
];
