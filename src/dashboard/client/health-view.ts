import type { Dash } from './dash';

interface ServerStatus {
  uptime_seconds: number;
  workers: { busy: number; total: number };
  queue: { depth: number };
  jobs_by_status: Record<string, number>;
  chromium: { processes: number; resident_bytes: number };
  memory: { rss_bytes: number; heap_used_bytes: number };
  recent_errors: Array<{ job_id: string; job_type: string; at?: string; code: string | null; message: string | null }>;
}

/** #/health: GET /v1/server/status, refreshed every few seconds while the view is open. */
export function healthViewModule(D: Dash): void {
  const REFRESH_MS = 3000;

  const draw = (status: ServerStatus) => {
    const figure = (name: string, value: string) => [D.el('dt', {}, name), D.el('dd', { 'data-figure': name }, value)];
    D.byId('health-figures').replaceChildren(
      ...figure('Workers busy', status.workers.busy + ' of ' + status.workers.total),
      ...figure('Queue depth', String(status.queue.depth)),
      ...figure(
        'Jobs by status',
        Object.entries(status.jobs_by_status)
          .map(([name, count]) => name + ' ' + count)
          .join(', ') || 'none',
      ),
      ...figure('Chromium processes', status.chromium.processes + ' (' + D.formatBytes(status.chromium.resident_bytes) + ' resident)'),
      ...figure('Server memory', D.formatBytes(status.memory.rss_bytes) + ' resident, ' + D.formatBytes(status.memory.heap_used_bytes) + ' heap'),
      ...figure('Uptime', Math.floor(status.uptime_seconds / 60) + ' min ' + (status.uptime_seconds % 60) + ' s'),
    );
    const errors = status.recent_errors.map((error) =>
      D.el(
        'li',
        {},
        D.el('a', { href: '#/jobs/' + error.job_id }, error.job_id),
        ' ' + error.job_type + ' ' + D.formatTime(error.at) + ' — ' + (error.code ?? '') + ': ' + (error.message ?? ''),
      ),
    );
    D.byId('health-errors').replaceChildren(...(errors.length > 0 ? errors : [D.el('li', { class: 'muted' }, 'No failed jobs.')]));
  };

  D.views.health = async (_args, signal) => {
    D.showError('health-error', null);
    while (!signal.aborted) {
      try {
        draw(await D.call<ServerStatus>('GET', '/v1/server/status'));
        D.showError('health-error', null);
      } catch (error) {
        if (!signal.aborted) D.showError('health-error', error);
      }
      await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
    }
  };
}
