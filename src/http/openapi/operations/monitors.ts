import { z } from 'zod';
import { monitorSpecFields, monitorSpecSchema } from '../../../monitors/monitor-input';
import { pageQuery } from '../../routes/monitors';
import type { OperationSpec } from '../operation';

const monitorId = z.strictObject({ id: z.string().min(1) });

const operations: Omit<OperationSpec, 'tags' | 'extension'>[] = [
  {
    method: 'post',
    path: '/v1/monitors',
    operationId: 'createMonitor',
    summary: 'Create a monitor: a page fetched on a cron schedule, its content or extract fields compared run to run',
    body: monitorSpecSchema,
    responses: { '201': 'The monitor.' },
  },
  {
    method: 'get',
    path: '/v1/monitors',
    operationId: 'listMonitors',
    summary: "List this API key's monitors, newest first",
    query: pageQuery,
    responses: { '200': 'A page of monitors and the next_cursor.' },
  },
  { method: 'get', path: '/v1/monitors/{id}', operationId: 'getMonitor', summary: 'A monitor', params: monitorId, responses: { '200': 'The monitor.' } },
  {
    method: 'patch',
    path: '/v1/monitors/{id}',
    operationId: 'updateMonitor',
    summary: 'Change some fields of a monitor (the result is validated whole, as on create)',
    params: monitorId,
    body: monitorSpecFields.partial(),
    responses: { '200': 'The monitor.' },
  },
  {
    method: 'delete',
    path: '/v1/monitors/{id}',
    operationId: 'deleteMonitor',
    summary: 'Delete a monitor, its runs and its changes',
    params: monitorId,
    responses: { '200': 'Deleted.' },
  },
  {
    method: 'post',
    path: '/v1/monitors/{id}/trigger',
    operationId: 'triggerMonitor',
    summary: 'Run a monitor now, outside its schedule',
    params: monitorId,
    responses: { '202': 'Queued: the run_id and the job_id of its fetch.' },
  },
  {
    method: 'get',
    path: '/v1/monitors/{id}/runs',
    operationId: 'listMonitorRuns',
    summary: "A monitor's runs, newest first",
    params: monitorId,
    query: pageQuery,
    responses: { '200': 'A page of runs and the next_cursor.' },
  },
  {
    method: 'get',
    path: '/v1/monitors/{id}/runs/latest',
    operationId: 'getLatestMonitorRun',
    summary: "A monitor's latest run",
    params: monitorId,
    responses: { '200': 'The run, or null before the first.' },
  },
  {
    method: 'get',
    path: '/v1/monitors/{id}/changes',
    operationId: 'listMonitorChanges',
    summary: "A monitor's detected changes, newest first",
    params: monitorId,
    query: pageQuery,
    responses: { '200': 'A page of changes and the next_cursor.' },
  },
  {
    method: 'get',
    path: '/v1/monitors/{id}/changes/latest',
    operationId: 'getLatestMonitorChange',
    summary: "A monitor's latest change",
    params: monitorId,
    responses: { '200': 'The change, or null before the first.' },
  },
];

/** EXT /v1/monitors (routes/monitors.ts): scheduled checks of one page with change detection. */
export const monitorOperations: OperationSpec[] = operations.map((operation) => ({ ...operation, tags: ['Monitors'], extension: true }));
