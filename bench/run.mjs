// `npm run bench`: every benchmark of the project, printed as a report. Never part of `npm test`.
// Select parts with `npm run bench -- core` (default: all that exist).
import { benchBrowser, printBrowser } from './browser.mjs';
import { benchCore, printCore } from './core.mjs';
import { benchCrawl, printCrawl } from './crawl.mjs';
import { benchPolling, printPolling } from './polling.mjs';
import { benchLocalSearch, printSearch } from './search.mjs';

const parts = process.argv.slice(2);
const wants = (name) => parts.length === 0 || parts.includes(name);
/** BENCH_RUNS=1 for a quick look while working; the reported figures are the default median of 3. */
const runs = Number(process.env.BENCH_RUNS ?? 3);

if (wants('core')) printCore(await benchCore());
if (wants('polling')) printPolling(await benchPolling());
if (wants('search')) printSearch(await benchLocalSearch());
if (wants('browser')) printBrowser(await benchBrowser());
if (wants('crawl')) printCrawl(await benchCrawl({ pages: 500, runs }), 'HTTP crawl, 500 pages, markdown vs CheerioCrawler c8 (text)');
if (wants('crawl-js')) {
  printCrawl(
    await benchCrawl({ pages: 200, runs, renderJs: true, peerMode: 'puppeteer', concurrency: 8 }),
    'rendered crawl (render_js), 200 pages vs PuppeteerCrawler c8',
  );
}
