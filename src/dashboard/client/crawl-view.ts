import type { Dash, JobSummary } from './dash';

interface PageEvent {
  url: string;
  depth: number;
  status: string;
  error?: { code: string; message: string };
}

/**
 * #/crawl/{id}: a crawl as it runs: a progress bar, each page as its event arrives, failed pages as errors. Once
 * the crawl ends, the stored pages replace the live list (the errors' codes and messages are stored, not streamed).
 */
export function crawlViewModule(D: Dash): void {
  /** The live list shows at most this many pages; the job view pages through all of them. */
  const STORED_PAGES = 1000;

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

    const seen = new Set<string>();
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
      if (seen.has(page.url)) return;
      seen.add(page.url);
      pagesList.append(
        D.el('li', { 'data-url': page.url }, D.statusBadge(page.status), ' ', page.url, ' ', D.el('span', { class: 'muted' }, 'depth ' + page.depth)),
      );
      if (page.status === 'failed') {
        failed += 1;
        errorsList.append(D.el('li', {}, page.url, page.error ? ' — ' + page.error.code + ': ' + page.error.message : ''));
      }
    };
    /** The pages stored so far (all of them once the crawl ended); `replace` drops the live list first. */
    const loadStored = async (replace: boolean) => {
      const body = await D.call<{ pages: PageEvent[] }>('GET', path + '/pages?offset=0&limit=' + STORED_PAGES);
      if (signal.aborted) return;
      if (replace) {
        seen.clear();
        failed = 0;
        pagesList.replaceChildren();
        errorsList.replaceChildren();
      }
      body.pages.forEach(addPage);
    };
    let first = true;
    const onStatus = (job: JobSummary) => {
      status.replaceChildren(D.statusBadge(job.status));
      if (job.progress) total = Math.max(total, job.progress.total);
      if (job.error) D.showError('crawl-error', job.error);
      const terminal = D.isTerminal(job.status);
      // The stream carries pages from now on: the first status event means it is listening, so the pages fetched
      // before that are read once here (a page in both is shown once). The terminal status reloads them all.
      if (first || terminal) {
        void loadStored(terminal)
          .then(() => {
            if (terminal) total = seen.size; // ended: whatever was fetched is all there will be
            draw(terminal ? seen.size : Math.max(seen.size, job.progress?.completed ?? 0));
          })
          .catch((error: unknown) => D.showError('crawl-error', error));
      }
      first = false;
      draw(Math.max(seen.size, job.progress?.completed ?? 0));
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
            draw(seen.size);
          }
        },
        signal,
      );
    } catch (error) {
      if (!signal.aborted) D.showError('crawl-error', error);
    }
  };
}
