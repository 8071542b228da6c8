import { html, type SafeHtml } from './html-escape';

export interface DashboardPageOptions {
  version: string;
  /** The job kinds and statuses the list can filter by (from the registry and the job state machine). */
  jobKinds: readonly string[];
  jobStatuses: readonly string[];
  /** The kinds the try-it form submits as jobs. */
  tryKinds: readonly string[];
}

const options = (values: readonly string[]): SafeHtml[] => values.map((value) => html`<option value="${value}">${value}</option>`);

/**
 * The one HTML document of the dashboard: every view's skeleton, rendered on the server with no data in it.
 * The data needs the API key, which only the browser holds (session storage), so the script fills the views in
 * from /v1; each view is a section shown for its #/ route.
 */
export function renderDashboardPage(page: DashboardPageOptions): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>scrapio-server dashboard</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/dashboard/assets/dashboard.css" />
        <script src="/dashboard/assets/dashboard.js" defer></script>
      </head>
      <body>
        <header class="top">
          <strong>scrapio-server</strong> <span class="muted">v${page.version}</span>
          <nav id="nav" hidden>
            <a href="#/jobs">Jobs</a>
            <a href="#/try">Try it</a>
            <a href="#/health">Server health</a>
            <button type="button" id="logout">Log out</button>
          </nav>
        </header>
        <main>
          <section id="view-login" class="view">
            <h1>Log in</h1>
            <p>Paste an API key of this server. It stays in this tab's session storage and is sent only as an <code>Authorization</code> header.</p>
            <form id="login-form" autocomplete="off">
              <label for="login-key">API key</label>
              <input id="login-key" type="password" required spellcheck="false" />
              <button type="submit">Log in</button>
            </form>
            <p id="login-error" class="error" role="alert" hidden></p>
          </section>

          <section id="view-jobs" class="view" hidden>
            <h1>Jobs</h1>
            <form id="jobs-filters" class="row">
              <label
                >Kind
                <select id="filter-kind">
                  <option value="">any</option>
                  ${options(page.jobKinds)}
                </select></label
              >
              <label
                >Status
                <select id="filter-status">
                  <option value="">any</option>
                  ${options(page.jobStatuses)}
                </select></label
              >
              <button type="submit">Refresh</button>
            </form>
            <p id="jobs-error" class="error" role="alert" hidden></p>
            <table id="jobs-table">
              <thead>
                <tr>
                  <th>Job</th>
                  <th>Kind</th>
                  <th>Status</th>
                  <th>Progress</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody></tbody>
            </table>
            <p id="jobs-empty" class="muted" hidden>No jobs match.</p>
            <button type="button" id="jobs-more" hidden>Older jobs</button>
          </section>

          <section id="view-job" class="view" hidden>
            <h1>Job <code id="job-id"></code></h1>
            <p id="job-error" class="error" role="alert" hidden></p>
            <div id="job-detail"></div>
          </section>

          <section id="view-crawl" class="view" hidden>
            <h1>Live crawl <code id="crawl-id"></code></h1>
            <p><span id="crawl-status" class="status"></span> <a id="crawl-detail-link" href="#/jobs">Job detail</a></p>
            <div class="progress" role="progressbar" aria-valuemin="0" id="crawl-progress"><div class="bar" id="crawl-bar"></div></div>
            <p id="crawl-counts" class="muted"></p>
            <p id="crawl-error" class="error" role="alert" hidden></p>
            <h2>Errors</h2>
            <ul id="crawl-errors" class="errors"></ul>
            <h2>Pages</h2>
            <ol id="crawl-pages" class="pages"></ol>
          </section>

          <section id="view-try" class="view" hidden>
            <h1>Try it</h1>
            <form id="try-form">
              <div class="row">
                <label
                  >Surface
                  <select id="try-kind">
                    ${options(page.tryKinds)}
                  </select></label
                >
                <label class="grow"><span id="try-target-label">URL</span> <input id="try-target" type="text" required spellcheck="false" /></label>
              </div>
              <label for="try-extra">More request fields (JSON object)</label>
              <textarea id="try-extra" rows="6" spellcheck="false"></textarea>
              <p id="try-error" class="error" role="alert" hidden></p>
              <button type="submit">Submit as a job</button>
            </form>
            <h2>The same request with curl</h2>
            <pre id="try-curl" class="code"></pre>
          </section>

          <section id="view-health" class="view" hidden>
            <h1>Server health</h1>
            <p id="health-error" class="error" role="alert" hidden></p>
            <dl id="health-figures" class="figures"></dl>
            <h2>Your recent errors</h2>
            <ul id="health-errors" class="errors"></ul>
          </section>
        </main>
      </body>
    </html> `.markup;
}
