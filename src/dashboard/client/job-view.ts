import type { Dash, JobSummary } from './dash';

interface CrawlPage {
  url: string;
  status: string;
  depth: number;
  outputs?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/**
 * #/jobs/{id}: one job's status, timeline (live while it runs), input, result with screenshots inline, and a
 * crawl's pages paged through `?offset=&limit=` with each page's markdown a click away.
 */
export function jobViewModule(D: Dash): void {
  const PAGE_SIZE = 20;

  const section = (title: string, ...children: Array<Node | null>) => D.el('section', { class: 'panel' }, D.el('h2', {}, title), ...children);
  const pre = (text: string, attrs: Record<string, string> = {}) => D.el('pre', { class: 'code', ...attrs }, text);

  /** Screenshot URLs anywhere under a `screenshot` output or the `screenshots` of interact actions. */
  const screenshotsIn = (value: unknown, underScreenshot = false, found: string[] = []): string[] => {
    if (typeof value === 'string') {
      if (underScreenshot && /^https?:\/\//.test(value)) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) screenshotsIn(item, underScreenshot, found);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) screenshotsIn(inner, underScreenshot || /^screenshots?$/.test(key), found);
    }
    return found;
  };
  const screenshots = (value: unknown) =>
    screenshotsIn(value).map((url) =>
      D.el('figure', {}, D.el('img', { src: url, alt: 'screenshot', class: 'screenshot' }), D.el('figcaption', {}, 'Screenshot')),
    );

  const timelineItem = (label: string, at: string | undefined) => D.el('li', {}, D.el('strong', {}, label), ' ', D.formatTime(at));

  const renderTimeline = (list: HTMLElement, job: JobSummary, attempt: number) => {
    const items = [timelineItem('created', job.created_at)];
    if (job.started_at) items.push(timelineItem('started (attempt ' + attempt + ')', job.started_at));
    if (job.completed_at) items.push(timelineItem(job.status, job.completed_at));
    list.replaceChildren(...items);
  };

  const crawlPages = (jobId: string) => {
    const table = D.el('table', { id: 'result-pages' });
    const nav = D.el('div', { class: 'row' });
    const markdown = D.el('div', { id: 'page-markdown' });
    const show = async (offset: number) => {
      const body = await D.call<{ result: { pages: CrawlPage[]; summary: Record<string, number>; next: string | null } }>(
        'GET',
        '/v1/jobs/' + encodeURIComponent(jobId) + '/result?offset=' + offset + '&limit=' + PAGE_SIZE,
      );
      const { pages, summary, next } = body.result;
      table.replaceChildren(
        D.el('thead', {}, D.el('tr', {}, D.el('th', {}, '#'), D.el('th', {}, 'URL'), D.el('th', {}, 'Status'), D.el('th', {}, 'Depth'), D.el('th', {}, ''))),
        D.el(
          'tbody',
          {},
          ...pages.map((page, index) => {
            const open = D.el('button', { type: 'button', class: 'open-page' }, page.outputs?.markdown !== undefined ? 'Markdown' : 'Details');
            open.onclick = () => {
              markdown.replaceChildren(
                D.el(
                  'div',
                  { class: 'page-view' },
                  D.el('h3', {}, page.url),
                  page.error ? D.el('p', { class: 'error' }, page.error.code + ': ' + page.error.message) : null,
                  typeof page.outputs?.markdown === 'string' ? pre(page.outputs.markdown, { class: 'code markdown' }) : pre(JSON.stringify(page, null, 2)),
                  ...screenshots(page.outputs),
                ),
              );
            };
            return D.el(
              'tr',
              { 'data-url': page.url },
              D.el('td', {}, String(offset + index + 1)),
              D.el('td', {}, page.url),
              D.el('td', {}, D.statusBadge(page.status), page.error ? ' ' + page.error.code : ''),
              D.el('td', {}, String(page.depth)),
              D.el('td', {}, open),
            );
          }),
        ),
      );
      const previous = D.el('button', { type: 'button', id: 'pages-previous' }, 'Previous');
      previous.disabled = offset === 0;
      previous.onclick = () => void show(Math.max(0, offset - PAGE_SIZE));
      const following = D.el('button', { type: 'button', id: 'pages-next' }, 'Next');
      following.disabled = !next;
      following.onclick = () => void show(offset + PAGE_SIZE);
      nav.replaceChildren(
        previous,
        D.el('span', { class: 'muted' }, 'pages ' + (offset + 1) + '–' + (offset + pages.length) + ' of ' + summary.pages_fetched),
        following,
      );
    };
    return { node: D.el('div', {}, table, nav, markdown), show };
  };

  const result = async (job: JobSummary, container: HTMLElement) => {
    if (job.job_type === 'crawl') {
      const pages = crawlPages(job.job_id);
      container.append(section('Pages', pages.node));
      await pages.show(0);
      return;
    }
    // fetch and interact answer with top-level `outputs`; the other kinds with a `result` object.
    const body = await D.call<{ outputs?: Record<string, unknown>; result?: { outputs?: Record<string, unknown> } }>(
      'GET',
      '/v1/jobs/' + encodeURIComponent(job.job_id) + '/result',
    );
    const outputs = body.outputs ?? body.result?.outputs;
    const markdown = typeof outputs?.markdown === 'string' ? outputs.markdown : undefined;
    const whole = D.el('details', {}, D.el('summary', {}, 'Whole response (JSON)'), pre(JSON.stringify(body, null, 2), { id: 'job-result-json' }));
    whole.open = markdown === undefined;
    container.append(
      section(
        'Result',
        markdown === undefined ? null : pre(markdown, { class: 'code markdown', id: 'job-markdown' }),
        D.el('div', { class: 'shots' }, ...screenshots(body)),
        whole,
      ),
    );
  };

  D.views.job = async ([jobId], signal) => {
    D.byId('job-id').textContent = jobId;
    const container = D.byId('job-detail');
    container.replaceChildren();
    D.showError('job-error', null);
    try {
      const path = '/v1/jobs/' + encodeURIComponent(jobId);
      const [job, input] = await Promise.all([
        D.call<JobSummary>('GET', path),
        D.call<{ input: unknown; attempt: number; webhook_url: string | null }>('GET', path + '/input'),
      ]);
      if (signal.aborted) return;
      const status = D.el('p', {}, D.statusBadge(job.status));
      const timeline = D.el('ol', { class: 'timeline', id: 'job-timeline' });
      renderTimeline(timeline, job, input.attempt);
      container.append(status);
      if (job.error) container.append(D.el('p', { class: 'error', id: 'job-failure' }, job.error.code + ': ' + job.error.message));
      if (!D.isTerminal(job.status)) {
        const cancel = D.el('button', { type: 'button', id: 'job-cancel' }, 'Cancel job');
        cancel.onclick = () => D.call('POST', path + '/cancel').catch((error: unknown) => D.showError('job-error', error));
        container.append(D.el('p', {}, cancel, job.job_type === 'crawl' ? D.el('a', { href: '#/crawl/' + jobId }, ' Watch the crawl live') : null));
        // Live: each status event redraws the badge and timeline; the terminal one reloads the view with its result.
        D.events(
          jobId,
          (event, data) => {
            if (event !== 'status') return;
            const current = data as JobSummary;
            status.replaceChildren(D.statusBadge(current.status));
            renderTimeline(timeline, current, input.attempt);
            if (D.isTerminal(current.status)) void D.views.job([jobId], signal);
          },
          signal,
        ).catch((error: unknown) => D.showError('job-error', error));
      }
      container.append(section('Timeline', timeline), section('Input', pre(JSON.stringify(input.input, null, 2), { id: 'job-input' })));
      if (job.result_available) await result(job, container);
    } catch (error) {
      if (!signal.aborted) D.showError('job-error', error);
    }
  };
}
