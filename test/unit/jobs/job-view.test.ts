import type { JobRow } from '../../../src/jobs/job-store';
import { toJobResponse, webhookPayload } from '../../../src/jobs/job-view';
import { expectSpecValid } from '../../helpers/spec-validator';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');

/** A crawl job that ended with its progress counters set, as the worker leaves it. */
const crawlRow = {
  id: 'job_abcdefghijklmnopqrstu',
  tenant: 't1',
  kind: 'crawl',
  status: 'completed',
  created_at: NOW - 5000,
  started_at: NOW - 4000,
  completed_at: NOW - 1000,
  result_expires_at: NOW + 60_000,
  progress_completed: 3,
  progress_total: 3,
  error_code: null,
  error_message: null,
  error_diagnostics: null,
} as unknown as JobRow;

describe('job view', () => {
  it('shows progress on crawl status (EXT), outside compat.strict', () => {
    expect(toJobResponse(crawlRow, 'r', NOW).progress).toEqual({ completed: 3, total: 3 });
    expect(JSON.parse(webhookPayload(crawlRow, 'r', NOW)).data.progress).toEqual({ completed: 3, total: 3 });
  });

  it('under compat.strict a webhook carries exactly the v1 JobResponse: no progress', () => {
    const payload = JSON.parse(webhookPayload(crawlRow, 'r', NOW, true));
    expect(payload.type).toBe('job.completed');
    expect(payload.data).not.toHaveProperty('progress');
    expectSpecValid('JobResponse', payload.data);
  });
});
