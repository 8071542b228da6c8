import { z } from 'zod';
import { createJobEnvelope, listQuery, resultPaging } from '../../routes/jobs';
import type { OperationSpec } from '../operation';
import { surfaceJobBodies } from './surfaces';

const jobId = z.strictObject({ id: z.string().min(1) });

/** The Jobs API (routes/jobs.ts). */
export const jobOperations: OperationSpec[] = [
  {
    method: 'post',
    path: '/v1/jobs',
    operationId: 'createJob',
    summary: 'Submit any surface request as an async job',
    tags: ['Jobs'],
    // The route checks the envelope, then `input` against the kind's own schema: documented as one union.
    body: surfaceJobBodies(createJobEnvelope.shape.webhook),
    responses: { '202': 'Queued: the job_id to poll.' },
  },
  {
    method: 'get',
    path: '/v1/jobs',
    operationId: 'listJobs',
    summary: "List this API key's jobs, newest first",
    tags: ['Jobs'],
    query: listQuery,
    extension: true,
    responses: { '200': 'A page of jobs and the next_cursor.' },
  },
  {
    method: 'get',
    path: '/v1/jobs/{id}',
    operationId: 'getJob',
    summary: "A job's status",
    tags: ['Jobs'],
    params: jobId,
    responses: { '200': 'The JobResponse.' },
  },
  {
    method: 'get',
    path: '/v1/jobs/{id}/result',
    operationId: 'getJobResult',
    summary: "A finished job's result (crawl pages paged with offset/limit)",
    tags: ['Jobs'],
    params: jobId,
    query: resultPaging,
    responses: { '200': 'The result.' },
  },
  {
    method: 'post',
    path: '/v1/jobs/{id}/cancel',
    operationId: 'cancelJob',
    summary: 'Cancel a job',
    tags: ['Jobs'],
    params: jobId,
    responses: { '200': 'Already ended.', '202': 'Cancelling.' },
  },
  {
    method: 'get',
    path: '/v1/jobs/{id}/events',
    operationId: 'streamJobEvents',
    summary: "A job's status changes and crawl pages as Server-Sent Events",
    tags: ['Jobs'],
    params: jobId,
    extension: true,
    responses: { '200': { description: 'The event stream; it ends after the terminal status.', mediaType: 'text/event-stream' } },
  },
];
