import type { Dash, JobSummary } from './dash';

/**
 * #/jobs: the tenant's jobs, newest first, filtered by kind and status, with live status. A browser keeps about six
 * connections per server, so only the first few live jobs get an event stream each; the others are polled.
 */
export function jobsViewModule(D: Dash): void {
  const MAX_STREAMS = 3;
  const POLL_MS = 2000;

  const progressText = (job: JobSummary) => (job.progress ? job.progress.completed + ' / ' + job.progress.total : '');

  const renderRow = (row: HTMLTableRowElement, job: JobSummary) => {
    row.replaceChildren(
      D.el('td', {}, D.el('a', { href: '#/jobs/' + job.job_id, class: 'job-link' }, job.job_id)),
      D.el('td', {}, job.job_type),
      D.el('td', {}, D.statusBadge(job.status), job.error ? ' ' + job.error.code : ''),
      D.el('td', {}, progressText(job), job.job_type === 'crawl' && !D.isTerminal(job.status) ? D.el('a', { href: '#/crawl/' + job.job_id }, ' live') : null),
      D.el('td', {}, D.formatTime(job.created_at)),
    );
  };

  const follow = (row: HTMLTableRowElement, job: JobSummary, streamed: boolean, signal: AbortSignal) => {
    if (streamed) {
      D.events(job.job_id, (event, data) => event === 'status' && renderRow(row, data as JobSummary), signal).catch(() => undefined);
      return;
    }
    const poll = async () => {
      if (signal.aborted) return;
      try {
        const current = await D.call<JobSummary>('GET', '/v1/jobs/' + encodeURIComponent(job.job_id));
        renderRow(row, current);
        if (D.isTerminal(current.status)) return;
      } catch {
        // shown on the next successful poll; a refused key logs out
      }
      setTimeout(() => void poll(), POLL_MS);
    };
    setTimeout(() => void poll(), POLL_MS);
  };

  D.views.jobs = async (_args, signal) => {
    const body = D.byId('jobs-table').querySelector('tbody') as HTMLTableSectionElement;
    const more = D.byId<HTMLButtonElement>('jobs-more');
    let streams = 0;
    let cursor: string | null = null;
    body.replaceChildren();
    D.showError('jobs-error', null);

    const load = async () => {
      const query = new URLSearchParams({ limit: '20' });
      const kind = D.byId<HTMLSelectElement>('filter-kind').value;
      const status = D.byId<HTMLSelectElement>('filter-status').value;
      if (kind) query.set('kind', kind);
      if (status) query.set('status', status);
      if (cursor) query.set('cursor', cursor);
      try {
        const page = await D.call<{ jobs: JobSummary[]; next_cursor: string | null }>('GET', '/v1/jobs?' + query.toString());
        if (signal.aborted) return;
        for (const job of page.jobs) {
          const row = D.el('tr', { 'data-job-id': job.job_id });
          renderRow(row, job);
          body.append(row);
          if (!D.isTerminal(job.status)) follow(row, job, streams++ < MAX_STREAMS, signal);
        }
        cursor = page.next_cursor;
        more.hidden = cursor === null;
        D.byId('jobs-empty').hidden = body.children.length > 0;
      } catch (error) {
        D.showError('jobs-error', error);
      }
    };
    more.onclick = () => void load();
    D.byId<HTMLFormElement>('jobs-filters').onsubmit = (event) => {
      event.preventDefault();
      D.rerun(); // a new run of the view: the old list's streams and polls stop
    };
    await load();
  };
}
