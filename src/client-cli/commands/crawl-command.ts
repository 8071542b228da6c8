import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Json } from '../api-client';
import { createContext, positiveInteger, printJson, type CliContext, type GlobalOptions } from '../cli-context';
import { createCrawlProgress } from '../crawl-progress';
import { PageFileNames } from '../page-file-names';

interface CrawlOptions {
  maxPages?: number;
  maxDepth?: number;
  render?: boolean;
  out?: string;
}

interface CrawledPage {
  url: string;
  depth: number;
  status: string;
  outputs?: { markdown?: string };
  error?: { code: string; message: string };
}

/** Result pages read per request (the server pages large crawl results). */
const PAGE_BATCH = 100;

/**
 * `scrapio crawl URL`: runs a crawl job, shows its progress on a terminal, then writes one markdown file per
 * page into `--out` (or lists the pages). The first Ctrl-C cancels the job and still saves the pages fetched.
 */
export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description('crawl a site breadth-first; with --out, write one markdown file per page')
    .argument('<url>', 'the seed URL')
    .option('--max-pages <n>', 'stop after this many pages (server default 10)', positiveInteger('--max-pages'))
    .option('--max-depth <n>', 'follow links this many levels deep (server default 2)', positiveInteger('--max-depth'))
    .option('--render', 'render each page in Chromium (render_js)')
    .option('--out <dir>', 'write each page as <dir>/<host>_<path>.md')
    .action(async (url: string, options: CrawlOptions, command: Command) => {
      const context = createContext(command.optsWithGlobals<GlobalOptions>());
      const input: Record<string, unknown> = { seeds: [url], output: ['markdown'] };
      if (options.maxPages !== undefined) input.max_pages = options.maxPages;
      if (options.maxDepth !== undefined) input.max_depth = options.maxDepth;
      if (options.render) input.render_js = true;
      const accepted = await context.client.post('/v1/jobs', { kind: 'crawl', input });
      const jobId = String(accepted.job_id);
      context.stderr.write(`crawl job ${jobId}\n`);

      const cancel = () => {
        context.stderr.write(`\nCancelling ${jobId} (Ctrl-C again to quit at once); the pages fetched so far are kept.\n`);
        context.client.post(`/v1/jobs/${jobId}/cancel`).catch((error: unknown) => context.stderr.write(`Cancel failed: ${String(error)}\n`));
      };
      process.once('SIGINT', cancel);
      const progress = createCrawlProgress(context.stderr);
      let job: Json;
      try {
        job = await context.client.waitForJob(jobId, (status) => {
          const counts = status.progress as { completed: number; total: number } | undefined;
          if (counts) progress.update(counts.completed, counts.total);
        });
      } finally {
        progress.stop();
        process.removeListener('SIGINT', cancel);
      }

      if (context.json) {
        const result = await context.client.get(`/v1/jobs/${jobId}/result`);
        if (options.out) writePages(context, options.out, ((result.result as Json).pages ?? []) as CrawledPage[], true);
        printJson(context, result);
      } else {
        const pages = await readAllPages(context, jobId);
        if (options.out) writePages(context, options.out, pages, false);
        else context.out(pages.map((page) => `${page.status}\t${page.depth}\t${page.url}`).join('\n'));
        reportFailures(context, pages);
        context.stderr.write(`crawl ${String(job.status)}: ${pages.length} page(s)${options.out ? ` written to ${options.out}` : ''}\n`);
      }
      if (job.status === 'cancelled') process.exitCode = 130;
    });
}

async function readAllPages(context: CliContext, jobId: string): Promise<CrawledPage[]> {
  const pages: CrawledPage[] = [];
  for (;;) {
    const response = await context.client.get(`/v1/jobs/${jobId}/result?offset=${pages.length}&limit=${PAGE_BATCH}`);
    const result = (response.result ?? {}) as { pages?: CrawledPage[]; next?: string | null };
    const batch = result.pages ?? [];
    pages.push(...batch);
    if (!result.next || batch.length === 0) return pages;
  }
}

/** One markdown file per page that has markdown; the file ↔ URL list goes to stdout (stderr under --json). */
function writePages(context: CliContext, dir: string, pages: CrawledPage[], quiet: boolean): void {
  fs.mkdirSync(dir, { recursive: true });
  const names = new PageFileNames();
  const lines: string[] = [];
  for (const page of pages) {
    const markdown = page.outputs?.markdown;
    if (typeof markdown !== 'string') continue;
    const file = path.join(dir, names.nameFor(page.url));
    fs.writeFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    lines.push(`${file}\t${page.url}`);
  }
  if (lines.length === 0) return;
  if (quiet) context.stderr.write(`${lines.join('\n')}\n`);
  else context.out(lines.join('\n'));
}

function reportFailures(context: CliContext, pages: CrawledPage[]): void {
  for (const page of pages) {
    if (page.error) context.stderr.write(`${page.status} ${page.url}: ${page.error.code}: ${page.error.message}\n`);
  }
}
