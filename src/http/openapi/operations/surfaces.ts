import { z } from 'zod';
import { surfaces, SURFACE_KINDS, type SurfaceKind } from '../../../surfaces/registry';
import type { OperationSpec } from '../operation';

const SUMMARIES: Record<SurfaceKind, [string, string]> = {
  fetch: ['createFetch', 'Fetch one URL: HTML, markdown, structured JSON or a screenshot'],
  crawl: ['crawlSite', 'Crawl a site from seed URLs'],
  map: ['mapSite', "List a site's URLs"],
  interact: ['interactWithPage', 'Run browser actions on a page'],
  search: ['searchWorkflow', 'Search the web (or the local page index) and fetch the results'],
};

/** POST /v1/<kind>: one per surface of the registry, with the surface's own input schema. */
export const surfaceOperations: OperationSpec[] = SURFACE_KINDS.map((kind) => ({
  method: 'post',
  path: `/v1/${kind}`,
  operationId: SUMMARIES[kind][0],
  summary: SUMMARIES[kind][1],
  tags: ['Surfaces'],
  body: (options) => surfaces[kind].inputSchema(options),
  responses: {
    '200': 'The result, when the job ends within inline.timeoutMs.',
    '202': 'Still running after inline.timeoutMs: poll GET /v1/jobs/{id} with the job_id.',
  },
}));

/** The inline surfaces as one body schema, documented for `kind`-dispatching callers (POST /v1/jobs). */
export function surfaceJobBodies(webhook: z.ZodType) {
  return (options: Parameters<(typeof surfaces)['fetch']['inputSchema']>[0]) =>
    z.union(
      SURFACE_KINDS.map((kind) => z.strictObject({ kind: z.literal(kind), input: surfaces[kind].inputSchema(options), webhook })) as unknown as [
        z.ZodType,
        z.ZodType,
        ...z.ZodType[],
      ],
    );
}
