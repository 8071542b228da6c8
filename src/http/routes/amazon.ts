import { Router } from 'express';
import { PRIORITY_ASYNC } from '../../jobs/job-service';
import { pricingQuerySchema, productQuerySchema, searchCrawlQuerySchema, searchQuerySchema } from '../../surfaces/amazon/amazon-input';
import { amazonSearchResponse } from '../../surfaces/amazon/amazon-search';
import type { AmazonServices } from '../../surfaces/amazon/amazon-services';
import { productAsin } from '../../surfaces/amazon/product-asin';
import type { AppDeps } from '../app-deps';
import { idempotencyOf } from '../idempotency-key';
import { locals, tenantOf } from '../request-locals';
import { callerGone } from '../caller-gone';
import { validateInput } from '../validate-input';

/**
 * /v1/amazon: search, product and offer pricing answered inline from Amazon's public pages, and the search
 * crawl as an async job (job_type amazon_search_crawl) polled through the Jobs API.
 *
 * `device` and `enrich` are accepted as the spec allows but change nothing: the desktop pages are read, and
 * the closed v1 product objects have no field a pricing enrichment could fill (GET /v1/amazon/pricing does).
 */
export function amazonRoutes(deps: Pick<AppDeps, 'jobs'>, amazon: AmazonServices): Router {
  const router = Router();
  const { client } = amazon;

  router.get('/search', async (req, res) => {
    const query = validateInput(searchQuerySchema, req.query);
    const page = query.page ?? 1;
    const found = await client.searchPage({ ...query, timeoutMs: query.timeout_ms }, page, callerGone(req, res));
    // The v1 Amazon responses are closed and have no request_id; the X-Request-Id header carries it.
    res.json(amazonSearchResponse(query, found.marketplace, found, undefined, page));
  });

  router.get('/product', async (req, res) => {
    const query = validateInput(productQuerySchema, req.query);
    const asin = productAsin(query);
    const product = await client.product(asin, { ...query, timeoutMs: query.timeout_ms }, callerGone(req, res));
    res.json(product);
  });

  router.get('/pricing', async (req, res) => {
    const query = validateInput(pricingQuerySchema, req.query);
    res.json(await client.pricing(query.asin, { ...query, timeoutMs: query.timeout_ms }, callerGone(req, res)));
  });

  router.get('/search/crawl', async (req, res) => {
    const input = validateInput(searchCrawlQuerySchema, req.query);
    const { job, replayed } = await deps.jobs.submit({
      tenant: tenantOf(res),
      kind: 'amazon_search_crawl',
      input,
      priority: PRIORITY_ASYNC,
      idempotency: idempotencyOf(req, input),
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(202).json({ request_id: locals(res).requestId, mode: 'async', status: 'queued', job_id: job.id });
  });

  return router;
}
