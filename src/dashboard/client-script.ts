import { apiModule } from './client/api-module';
import { crawlViewModule } from './client/crawl-view';
import { domModule } from './client/dom-module';
import { healthViewModule } from './client/health-view';
import { jobViewModule } from './client/job-view';
import { jobsViewModule } from './client/jobs-view';
import { routerModule } from './client/router-module';
import { tryViewModule } from './client/try-view';

/** In run order: helpers and the API client first, the router (which starts the page) last. */
const MODULES: Array<(D: never) => void> = [
  domModule,
  apiModule,
  jobsViewModule,
  jobViewModule,
  crawlViewModule,
  tryViewModule,
  healthViewModule,
  routerModule,
];

/**
 * /dashboard/assets/dashboard.js: the compiled source text of each client module (see client/dash.ts), called in
 * order with one shared object, in a strict-mode function scope so nothing leaks to window.
 */
export const DASHBOARD_SCRIPT = ['(() => {', "'use strict';", 'const D = {};', ...MODULES.map((module) => `(${module.toString()})(D);`), '})();', ''].join(
  '\n',
);
