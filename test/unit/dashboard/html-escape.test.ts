import { escapeHtml, html } from '../../../src/dashboard/html-escape';
import { renderDashboardPage } from '../../../src/dashboard/dashboard-page';

describe('escapeHtml and the html template', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes interpolated strings but keeps markup built with html', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"quoted"'}">${inner}${[inner, inner]}</p>`.markup).toBe(
      '<p title="&quot;quoted&quot;"><b>&lt;i&gt;</b><b>&lt;i&gt;</b><b>&lt;i&gt;</b></p>',
    );
  });

  it('renders option values from the page options escaped', () => {
    const page = renderDashboardPage({ version: '1<2', jobKinds: ['crawl"x'], jobStatuses: ['queued'], tryKinds: ['fetch'] });
    expect(page).toContain('v1&lt;2');
    expect(page).toContain('<option value="crawl&quot;x">crawl&quot;x</option>');
    expect(page).not.toContain('crawl"x');
  });
});
