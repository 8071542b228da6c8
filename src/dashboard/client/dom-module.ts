import type { Child, Dash } from './dash';

/** DOM helpers: every text goes in through textContent or attributes, never as markup. */
export function domModule(D: Dash): void {
  D.views = {};
  D.el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    for (const child of children as Child[]) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  };
  D.byId = <T extends HTMLElement>(id: string) => {
    const node = document.getElementById(id);
    if (!node) throw new Error('dashboard: no element #' + id);
    return node as T;
  };
  D.showError = (id, error) => {
    const node = D.byId(id);
    if (error === null || error === undefined) {
      node.hidden = true;
      node.textContent = '';
      return;
    }
    const failure = error as { code?: string; message?: string };
    node.textContent = failure.code ? failure.code + ': ' + (failure.message ?? '') : String(failure.message ?? error);
    node.hidden = false;
  };
  D.formatBytes = (bytes) => {
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return value.toFixed(unit === 0 ? 0 : 1) + ' ' + units[unit];
  };
  D.formatTime = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
  D.isTerminal = (status) => ['completed', 'partial', 'failed', 'cancelled'].includes(status);
  D.statusBadge = (status) => D.el('span', { class: 'status status-' + status, 'data-status': status }, status);
}
