import { z } from 'zod';
import { jobPagesQuery } from '../../routes/job-pages';
import type { OperationSpec } from '../operation';

const jobId = z.strictObject({ id: z.string().min(1) });

/** The EXT routes the dashboard reads besides the v1 API (routes/server-status.ts, job-input.ts, job-pages.ts). */
export const dashboardOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/v1/server/status',
    operationId: 'getServerStatus',
    summary: "Server health: workers busy, queue depth, jobs by status, Chromium processes and memory, and the caller's recent failed jobs",
    tags: ['Server'],
    extension: true,
    responses: { '200': 'The health figures (load figures server-wide, errors only the caller’s).' },
  },
  {
    method: 'get',
    path: '/v1/jobs/{id}/input',
    operationId: 'getJobInput',
    summary: "A job's stored request, attempt count and webhook URL",
    tags: ['Jobs'],
    extension: true,
    params: jobId,
    responses: { '200': 'The stored input.' },
  },
  {
    method: 'get',
    path: '/v1/jobs/{id}/pages',
    operationId: 'getJobPages',
    summary: "A crawl's fetched pages so far (also while it runs), in the result's page shape",
    tags: ['Jobs'],
    extension: true,
    params: jobId,
    query: jobPagesQuery,
    responses: { '200': 'The pages.' },
  },
];
