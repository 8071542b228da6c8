import type { ApiFailure, Dash } from './dash';

/**
 * The last module: login and logout, and the #/ routes. Each route run gets an AbortSignal that fires when the
 * route changes, which ends that view's event streams and refresh loops.
 */
export function routerModule(D: Dash): void {
  const VIEWS = ['login', 'jobs', 'job', 'crawl', 'try', 'health'];
  let current: AbortController | undefined;

  const show = (name: string) => {
    for (const view of VIEWS) D.byId('view-' + view).hidden = view !== name;
    D.byId('nav').hidden = name === 'login';
  };

  const route = () => {
    current?.abort();
    current = new AbortController();
    if (!D.key()) {
      show('login');
      return;
    }
    const [first = 'jobs', ...args] = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
    let name = first === 'jobs' && args.length > 0 ? 'job' : first;
    if (!D.views[name] || name === 'login') name = 'jobs';
    show(name);
    void Promise.resolve(D.views[name](args.map(decodeURIComponent), current.signal));
  };
  D.rerun = route;

  D.loggedOut = (reason: ApiFailure) => {
    D.clearKey();
    route();
    D.showError('login-error', reason);
  };

  D.byId<HTMLFormElement>('login-form').onsubmit = async (event) => {
    event.preventDefault();
    const input = D.byId<HTMLInputElement>('login-key');
    const key = input.value.trim();
    D.showError('login-error', null);
    D.setKey(key);
    try {
      // Any cheap authenticated call: it proves the key before the views use it.
      await D.call('GET', '/v1/jobs?limit=1');
      input.value = '';
      route();
    } catch (error) {
      D.clearKey();
      D.showError('login-error', error); // a 401 already went through loggedOut, which shows the same
    }
  };
  D.byId('logout').onclick = () => {
    D.clearKey();
    route();
  };
  window.addEventListener('hashchange', route);
  route();
}
