import { Router, type Request, type Response } from 'express';
import { ScrapioError } from '../../errors';
import { PRIORITY_ASYNC } from '../../jobs/job-service';
import { itemIdOf, productQuerySchema, searchCrawlQuerySchema, searchQuerySchema } from '../../surfaces/walmart/walmart-input';
import { CRAWL_ADVICE, MAX_CRAWL_PAGES } from '../../surfaces/walmart/walmart-surface';
import { locationOf, planPages, searchResponse, walkPages, type ReadPage } from '../../surfaces/walmart/walmart-search';
import type { WalmartServices } from '../../surfaces/walmart/walmart-services';
import type { AppDeps } from '../app-deps';
import { idempotencyOf } from '../idempotency-key';
import { locals, tenantOf } from '../request-locals';
import { validateInput } from '../validate-input';

/** Result pages GET /v1/walmart/search reads inline (`pages`); more are GET /v1/walmart/search/crawl jobs. */
export const SYNC_MAX_PAGES = 5;

/**
 * /v1/walmart: search and product details answered inline from walmart.com's public pages, and the search
 * crawl as an async job (job_type walmart_search_crawl) polled through the Jobs API. The v1 Walmart response
 * schemas are closed and have no `request_id`: it travels in the X-Request-Id header only, as for Amazon.
 */
export function walmartRoutes(deps: Pick<AppDeps, 'jobs' | 'config'>, walmart: WalmartServices): Router {
  const router = Router();
  const { client } = walmart;
  const maxTimeoutMs = deps.config.limits.timeoutMs;

  router.get('/search', async (req, res) => {
    const query = validateInput(searchQuerySchema, req.query);
    checkTimeout(query.timeout_ms, maxTimeoutMs);
    const first = query.page ?? 1;
    const plan = planPages(first, first + (query.pages ?? 1) - 1, SYNC_MAX_PAGES, 'use GET /v1/walmart/search/crawl for more.');
    const body = await withDeadline(req, res, query.timeout_ms, async (signal) => {
      const pages: ReadPage[] = [];
      for await (const page of walkPages(client, query, plan, signal)) pages.push(page);
      return searchResponse(query, plan, pages, client.searchUrl(query, plan.first));
    });
    res.json(body);
  });

  router.get('/product', async (req, res) => {
    const query = validateInput(productQuerySchema, req.query);
    checkTimeout(query.timeout_ms, maxTimeoutMs);
    const itemId = itemIdOf(query.product_id);
    if (!itemId) {
      throw new ScrapioError(
        'invalid_request',
        'product_id: must be a Walmart item id (digits, e.g. "44782430") or a walmart.com product URL ending in /ip/<name>/<id>.',
      );
    }
    const product = await withDeadline(req, res, query.timeout_ms, (signal) => client.product(itemId, query.slug, signal));
    const { url, ...fields } = product;
    res.json({ provider: 'walmart', page_type: 'product', ...fields, location: locationOf(query), url });
  });

  router.get('/search/crawl', async (req, res) => {
    const input = validateInput(searchCrawlQuerySchema, req.query);
    checkTimeout(input.timeout_ms, maxTimeoutMs);
    planPages(input.start_page ?? 1, input.end_page, MAX_CRAWL_PAGES, CRAWL_ADVICE);
    const { job, replayed } = await deps.jobs.submit({
      tenant: tenantOf(res),
      kind: 'walmart_search_crawl',
      input,
      priority: PRIORITY_ASYNC,
      idempotency: idempotencyOf(req, req.query),
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(202).json({ request_id: locals(res).requestId, mode: 'async', status: 'queued', job_id: job.id });
  });

  return router;
}

function checkTimeout(timeoutMs: number | undefined, max: number): void {
  if (timeoutMs !== undefined && timeoutMs > max) {
    throw new ScrapioError('invalid_request', `timeout_ms: must be at most ${max} (limits.timeoutMs).`);
  }
}

/**
 * Runs an inline call under `timeout_ms` (504 timeout past it) and aborts its Walmart requests when the
 * client hangs up: nobody would read the answer.
 */
async function withDeadline<T>(req: Request, res: Response, timeoutMs: number | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) controller.abort();
  };
  res.on('close', onClose);
  req.on('aborted', onClose);
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => controller.abort(new ScrapioError('timeout', `Walmart did not answer within timeout_ms (${timeoutMs} ms).`, { timedOut: true })),
          timeoutMs,
        );
  try {
    return await work(controller.signal);
  } finally {
    if (timer) clearTimeout(timer);
    res.off('close', onClose);
  }
}
