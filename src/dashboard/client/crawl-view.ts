import type { Dash, JobSummary } from './dash';

interface PageEvent {
  url: string;
  depth: number;
  status: string;
  error?: { code: string; message: string };
}

/**
 * #/crawl/{id}: a crawl as it runs: a progress bar, each page as its event arrives, failed pages as errors. Once
 * the crawl ends, the stored result replaces the live list (it has every page, and the errors' codes and messages).
 */
export function crawlViewModule(D: Dash): void {
  const FINAL_PAGES = 200;

  D.views.crawl = async ([jobId], signal) => {
    const path = '/v1/jobs/' + encodeURIComponent(jobId);
    const pagesList = D.byId('crawl-pages');
    const errorsList = D.byId('crawl-errors');
    const bar = D.byId('crawl-bar');
    const progress = D.byId('crawl-progress');
    const counts = D.byId('crawl-counts');
    const status = D.byId('crawl-status');
    D.byId('crawl-id').textContent = jobId;
    D.byId<HTMLAnchorElement>('crawl-detail-link').href = '#/jobs/' + jobId;
    pagesList.replaceChildren();
    errorsList.replaceChildren();
    D.showError('crawl-error', null);

    let seen = 0;
    let failed = 0;
    let total = 0;
    const draw = (done: number) => {
      const max = Math.max(total, done, 1);
      bar.style.width = Math.round((100 * done) / max) + '%';
      progress.setAttribute('aria-valuenow', String(done));
      progress.setAttribute('aria-valuemax', String(max));
      counts.textContent = done + ' of ' + (total || '?') + ' pages fetched, ' + failed + ' failed';
    };
    const addPage = (page: PageEvent) => {
      seen += 1;
      pagesList.append(D.el('li', { 'data-url': page.url }, D.statusBadge(page.status), ' ', page.url, ' ', D.el('span', { class: 'muted' }, 'depth ' + page.depth)));
      if (page.status === 'failed') {
        failed += 1;
        errorsList.append(D.el('li', {}, page.url, page.error ? ' — ' + page.error.code + ': ' + page.error.message : ''));
      }
    };
    const finish = async (job: JobSummary) => {
      if (!job.result_available) return;
      const body = await D.call<{ result: { pages: PageEvent[]; summary: { pages_fetched: number } } }>(
        'GET',
        path + '/result?offset=0&limit=' + FINAL_PAGES,
      );
      seen = 0;
      failed = 0;
      pagesList.replaceChildren();
      errorsList.replaceChildren();
      total = body.result.summary.pages_fetched;
      body.result.pages.forEach(addPage);
      draw(total);
    };
    const onStatus = (job: JobSummary) => {
      status.replaceChildren(D.statusBadge(job.status));
      if (job.progress) total = Math.max(total, job.progress.total);
      draw(Math.max(seen, job.progress?.completed ?? 0));
      if (job.error) D.showError('crawl-error', job.error);
      if (D.isTerminal(job.status)) void finish(job).catch((error: unknown) => D.showError('crawl-error', error));
    };

    try {
      const input = await D.call<{ input: { max_pages?: number } }>('GET', path + '/input');
      total = input.input.max_pages ?? 0;
      await D.events(
        jobId,
        (event, data) => {
          if (event === 'status') onStatus(data as JobSummary);
          else if (event === 'page') {
            addPage(data as PageEvent);
            draw(seen);
          }
        },
        signal,
      );
    } catch (error) {
      if (!signal.aborted) D.showError('crawl-error', error);
    }
  };
}
