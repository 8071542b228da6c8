import { Router } from 'express';
import type { JobService } from '../../jobs/job-service';
import { locals, tenantOf } from '../request-locals';

/**
 * EXT GET /v1/jobs/{id}/input: the request a job runs (as validated and stored, defaults applied), its attempt
 * count and webhook URL; the JobResponse carries none of these. Same tenant scoping and 404 as GET /v1/jobs/{id}.
 */
export function jobInputRoutes(jobs: Pick<JobService, 'find'>): Router {
  const router = Router();
  router.get('/:id/input', async (req, res) => {
    const row = await jobs.find(tenantOf(res), req.params.id);
    res.json({
      request_id: locals(res).requestId,
      job_id: row.id,
      job_type: row.kind,
      input: JSON.parse(row.input) as unknown,
      attempt: row.attempt,
      webhook_url: row.webhook_url,
    });
  });
  return router;
}
