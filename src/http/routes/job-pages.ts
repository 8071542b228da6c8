import { Router } from 'express';
import { z } from 'zod';
import { ScrapioError } from '../../errors';
import { jobNotFound, type JobService } from '../../jobs/job-service';
import { isTerminal } from '../../jobs/job-state';
import { resultAvailable } from '../../jobs/job-view';
import type { Clock } from '../../lib/clock';
import type { CrawlStore } from '../../surfaces/crawl/crawl-store';
import { fetchedPagesView } from '../../surfaces/crawl/crawl-surface';
import { locals, tenantOf } from '../request-locals';
import { validateInput } from '../validate-input';

export const jobPagesQuery = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * EXT GET /v1/jobs/{id}/pages?offset=&limit=: a crawl job's fetched pages so far, in the shape of its result's
 * `pages`, while it runs too (the result answers 409 until it ends). A live view reads this once, after its event
 * stream has started, so pages fetched before it opened are not missed. Gone with the result (retention).
 */
export function jobPagesRoutes(jobs: Pick<JobService, 'find'>, crawlStore: Pick<CrawlStore, 'fetchedPages'>, clock: Clock): Router {
  const router = Router();
  router.get('/:id/pages', async (req, res) => {
    const row = await jobs.find(tenantOf(res), req.params.id);
    if (row.kind !== 'crawl') throw new ScrapioError('invalid_request', `Job ${row.id} is a ${row.kind} job; only crawl jobs have pages.`);
    if (isTerminal(row.status) && !resultAvailable(row, clock.now())) throw jobNotFound(row.id);
    const query = validateInput(jobPagesQuery, req.query);
    const pages = await fetchedPagesView(crawlStore, row.id, query.offset, query.limit);
    res.json({ request_id: locals(res).requestId, job_id: row.id, status: row.status, offset: query.offset, pages });
  });
  return router;
}
