import type { Command } from 'commander';
import { createContext, positiveInteger, printJson, type CliContext, type GlobalOptions } from '../cli-context';

interface JobView {
  job_id: string;
  job_type: string;
  status: string;
  created_at: string;
  completed_at?: string;
  progress?: { completed: number; total: number };
  error?: { code: string; message: string };
}

interface ListOptions {
  status?: string;
  kind?: string;
  limit?: number;
  cursor?: string;
}

const jobPath = (id: string, suffix = '') => `/v1/jobs/${encodeURIComponent(id)}${suffix}`;

/** One line a person can scan: id, kind, status, progress, times, error. */
function describeJob(job: JobView): string {
  const parts = [job.job_id, job.job_type, job.status];
  if (job.progress) parts.push(`${job.progress.completed}/${job.progress.total}`);
  parts.push(job.created_at);
  if (job.completed_at) parts.push(`ended ${job.completed_at}`);
  if (job.error) parts.push(`${job.error.code}: ${job.error.message}`);
  return parts.join('\t');
}

async function withContext(command: Command, run: (context: CliContext) => Promise<void>): Promise<void> {
  await run(createContext(command.optsWithGlobals<GlobalOptions>()));
}

/** `scrapio jobs list|get|result|cancel`: the Jobs API. */
export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('list, inspect, read and cancel jobs');

  jobs
    .command('list', { isDefault: true })
    .description("this key's jobs, newest first (id, kind, status, progress, created)")
    .option('--status <status>', 'only jobs in this status')
    .option('--kind <kind>', 'only jobs of this kind')
    .option('--limit <n>', 'at most this many (server maximum 100)', positiveInteger('--limit'))
    .option('--cursor <cursor>', 'the next_cursor of the previous page')
    .action((options: ListOptions, command: Command) =>
      withContext(command, async (context) => {
        const query = new URLSearchParams();
        for (const [key, value] of Object.entries(options)) if (value !== undefined) query.set(key, String(value));
        const response = await context.client.get(`/v1/jobs${query.size > 0 ? `?${query}` : ''}`);
        if (context.json) return printJson(context, response);
        const lines = (response.jobs as JobView[]).map(describeJob);
        if (typeof response.next_cursor === 'string') lines.push(`(more: --cursor ${response.next_cursor})`);
        if (lines.length > 0) context.out(lines.join('\n'));
      }),
    );

  jobs
    .command('get')
    .description("a job's status")
    .argument('<id>', 'the job id')
    .action((id: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const response = await context.client.get(jobPath(id));
        if (context.json) return printJson(context, response);
        context.out(describeJob(response as unknown as JobView));
      }),
    );

  jobs
    .command('result')
    .description("a finished job's result (JSON)")
    .argument('<id>', 'the job id')
    .action((id: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        // The result is data either way: printed as JSON with or without --json.
        printJson(context, await context.client.get(jobPath(id, '/result')));
      }),
    );

  jobs
    .command('cancel')
    .description('cancel a queued or running job')
    .argument('<id>', 'the job id')
    .action((id: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const response = await context.client.post(jobPath(id, '/cancel'));
        if (context.json) return printJson(context, response);
        context.out(`${String(response.job_id)}\t${String(response.status)}`);
      }),
    );
}
