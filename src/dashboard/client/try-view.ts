import type { Dash } from './dash';

/**
 * #/try: a request form for the job kinds, submitted as POST /v1/jobs; the curl command beside it is the very
 * request the form sends, with the key left as $SCRAPIO_API_KEY (the page never prints a key).
 */
export function tryViewModule(D: Dash): void {
  /** Per kind: the field the main box fills, and example extra fields. */
  const KINDS: Record<string, { field: string; label: string; list: boolean; extra: Record<string, unknown> }> = {
    fetch: { field: 'url', label: 'URL', list: false, extra: { output: ['markdown'] } },
    crawl: { field: 'seeds', label: 'Start URL', list: true, extra: { max_pages: 10, max_depth: 2, output: ['markdown'] } },
    map: { field: 'seeds', label: 'Site URL', list: true, extra: { max_urls: 100 } },
    search: { field: 'query', label: 'Query', list: false, extra: { provider: 'local' } },
    interact: { field: 'url', label: 'URL', list: false, extra: { actions: [{ type: 'wait_ms', duration_ms: 100 }], output: ['markdown', 'screenshot'] } },
  };
  const shellQuote = (text: string) => "'" + text.replace(/'/g, "'\\''") + "'";

  /** The job request the form describes, or an Error saying what is wrong with the extra fields. */
  const requestBody = (): { kind: string; input: Record<string, unknown> } | Error => {
    const kind = D.byId<HTMLSelectElement>('try-kind').value;
    const spec = KINDS[kind];
    const target = D.byId<HTMLInputElement>('try-target').value.trim();
    let extra: unknown = {};
    const text = D.byId<HTMLTextAreaElement>('try-extra').value.trim();
    if (text !== '') {
      try {
        extra = JSON.parse(text);
      } catch (error) {
        return new Error('More request fields: not JSON (' + (error as Error).message + ')');
      }
    }
    if (!extra || typeof extra !== 'object' || Array.isArray(extra)) return new Error('More request fields: must be a JSON object');
    return { kind, input: { [spec.field]: spec.list ? [target] : target, ...(extra as Record<string, unknown>) } };
  };

  const updateCurl = () => {
    const body = requestBody();
    D.byId('try-curl').textContent =
      body instanceof Error
        ? body.message
        : 'curl -X POST ' +
          shellQuote(location.origin + '/v1/jobs') +
          ' \\\n  -H "Authorization: Bearer $SCRAPIO_API_KEY" \\\n  -H ' +
          shellQuote('Content-Type: application/json') +
          ' \\\n  -d ' +
          shellQuote(JSON.stringify(body));
  };

  const chooseKind = () => {
    const spec = KINDS[D.byId<HTMLSelectElement>('try-kind').value];
    D.byId('try-target-label').textContent = spec.label;
    D.byId<HTMLTextAreaElement>('try-extra').value = JSON.stringify(spec.extra, null, 2);
    updateCurl();
  };

  D.views.try = () => {
    const form = D.byId<HTMLFormElement>('try-form');
    D.showError('try-error', null);
    if (!form.dataset.ready) {
      form.dataset.ready = 'yes';
      D.byId('try-kind').onchange = chooseKind;
      D.byId('try-target').oninput = updateCurl;
      D.byId('try-extra').oninput = updateCurl;
      form.onsubmit = async (event) => {
        event.preventDefault();
        const body = requestBody();
        if (body instanceof Error) {
          D.showError('try-error', body);
          return;
        }
        D.showError('try-error', null);
        try {
          const accepted = await D.call<{ job_id: string }>('POST', '/v1/jobs', body);
          location.hash = (body.kind === 'crawl' ? '#/crawl/' : '#/jobs/') + accepted.job_id;
        } catch (error) {
          D.showError('try-error', error);
        }
      };
      chooseKind();
    }
    updateCurl();
  };
}
