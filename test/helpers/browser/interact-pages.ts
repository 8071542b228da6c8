import { html, type FixtureHandler } from '../fixture-server';

/** Pages for the interact tests: a login flow, a select box, infinite scroll and a late button. */
export function interactFixtures(): Record<string, FixtureHandler> {
  return {
    '/login': html(`<html><head><title>Login</title></head><body>
      <form method="post" action="/do-login">
        <input id="username" name="username"><input id="password" name="password" type="password">
        <button type="submit">Sign in</button>
      </form></body></html>`),
    '/do-login': (_req, res, { body }) => {
      const user = new URLSearchParams(body).get('username') ?? '';
      res.writeHead(303, { location: '/account', 'set-cookie': `auth=${user}; Path=/; HttpOnly` });
      res.end();
    },
    '/account': (req, res) => {
      const user = /auth=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      res.writeHead(user ? 200 : 401, { 'content-type': 'text/html' });
      res.end(user ? `<h1>Welcome, ${user}</h1>` : '<h1>Please sign in</h1>');
    },
    '/select': html(`<html><head><title>Select</title></head><body>
      <select id="color"><option value="red">Red</option><option value="green">Green</option></select>
      <p id="shown">You picked red</p>
      <script>document.getElementById('color').addEventListener('change', (event) => {
        document.getElementById('shown').textContent = 'You picked ' + event.target.value;
      });</script></body></html>`),
    '/infinite': html(`<html><body style="margin:0"><div id="list"></div><script>
      let loading = false, page = 0;
      function add(items) { for (const text of items) { const div = document.createElement('div');
        div.className = 'item'; div.style.height = '100px'; div.textContent = text; document.getElementById('list').append(div); } }
      add(Array.from({ length: 20 }, (_, i) => 'item ' + i));
      addEventListener('scroll', () => {
        if (loading || innerHeight + scrollY < document.body.scrollHeight - 50) return;
        loading = true; page += 1;
        fetch('/more?page=' + page).then((r) => r.json()).then((items) => { add(items); loading = false; });
      });
    </script></body></html>`),
    '/more': (_req, res, { url }) => {
      const page = Number(url.searchParams.get('page'));
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(Array.from({ length: 10 }, (_, i) => `more ${page}.${i}`)));
      }, 100);
    },
    '/late-button': html(`<html><head><title>Late button</title></head><body><p id="result">waiting</p><script>
      setTimeout(() => { const button = document.createElement('button'); button.id = 'late'; button.textContent = 'Go';
        button.onclick = () => { document.getElementById('result').textContent = 'clicked'; }; document.body.append(button); }, 500);
    </script></body></html>`),
  };
}
