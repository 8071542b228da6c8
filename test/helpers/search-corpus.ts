import type { IndexedPage } from '../../src/page-index/local-index';

/** A small docs site: enough overlap between pages that ranking, phrases and prefixes have something to decide. */
export const DOCS_SITE = 'https://docs.example.org';

const page = (path: string, title: string, text: string): IndexedPage => ({ url: `${DOCS_SITE}${path}`, title, text });

export const CORPUS: IndexedPage[] = [
  page(
    '/install',
    'Installing the server',
    'Install the server with npm. The installer checks your Node version, then installs the binary. After you install it, run the server once to create the data directory.',
  ),
  page(
    '/quickstart',
    'Quickstart',
    'Start the server, send a fetch request, read the markdown. If you have not done so, install the package first; the rest takes two minutes.',
  ),
  page(
    '/config',
    'Configuration reference',
    'Every option lives in one JSON file. Options have defaults, units in their names, and environment variables that override them. Unknown keys fail at start.',
  ),
  page(
    '/rate-limits',
    'Rate limits',
    'Each API key has a rate limiter with a budget of requests per minute. When the rate limiter refuses a request the answer is 429 with a Retry-After header.',
  ),
  page(
    '/politeness',
    'Crawl politeness',
    'The crawler limits its rate per host. A limiter per host spaces requests, honours Crawl-delay, and backs off when a site answers 429.',
  ),
  page(
    '/webhooks',
    'Webhooks',
    'When a job ends the server posts a signed webhook to your URL. Webhook deliveries retry with exponential backoff until they succeed.',
  ),
  page('/jobs', 'Jobs API', 'Every request becomes a job. Poll the job status, fetch the job result, cancel a running job, or list your jobs newest first.'),
  page('/search', 'Search', 'Search the web through DuckDuckGo, SearXNG or Brave, or search the local full-text index of every page the server fetched.'),
  page('/sessions', 'Sessions', 'A session keeps cookies and local storage between fetch and interact calls. Sessions expire after a day of idleness.'),
  page('/screenshots', 'Screenshots', 'A screenshot is a PNG of the viewport, stored in the data directory and served at a signed URL valid for a day.'),
  page(
    '/security',
    'Network policy',
    'The server refuses private and loopback addresses after DNS resolution, on every redirect hop, so a crawl cannot reach your internal network.',
  ),
  page('/cafe', 'Café menu example', 'An example page with accents: crème brûlée, café au lait and a naïve résumé, to show that search ignores diacritics.'),
  page('/changelog', 'Changelog', 'Version 0.2 adds search. Version 0.1 added fetch, crawl, map, jobs, webhooks and sessions.'),
];
