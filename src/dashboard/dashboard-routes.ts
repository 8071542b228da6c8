import { Router } from 'express';
import { JOB_STATUSES } from '../jobs/job-state';
import { JOB_KINDS, SURFACE_KINDS } from '../surfaces/registry';
import { VERSION } from '../version';
import { DASHBOARD_SCRIPT } from './client-script';
import { DASHBOARD_CSS } from './dashboard-css';
import { renderDashboardPage } from './dashboard-page';
import { dashboardSecurityHeaders } from './security-headers';

/** The surfaces the try-it form offers (the YouTube ones have their own routes and no job-form example). */
const TRY_KINDS = ['fetch', 'crawl', 'map', 'search', 'interact'] as const;

/**
 * EXT GET /dashboard and its two assets, mounted at /dashboard with no API key: they hold no data (see
 * dashboard-page.ts). Everything is built once; nothing is fetched from outside this server.
 */
export function dashboardRoutes(): Router {
  const page = renderDashboardPage({
    version: VERSION,
    jobKinds: JOB_KINDS,
    jobStatuses: JOB_STATUSES,
    tryKinds: TRY_KINDS.filter((kind) => (SURFACE_KINDS as readonly string[]).includes(kind)),
  });
  const router = Router();
  router.use(dashboardSecurityHeaders);
  router.get('/', (_req, res) => {
    res.type('text/html; charset=utf-8').send(page);
  });
  router.get('/assets/dashboard.js', (_req, res) => {
    res.type('text/javascript; charset=utf-8').send(DASHBOARD_SCRIPT);
  });
  router.get('/assets/dashboard.css', (_req, res) => {
    res.type('text/css; charset=utf-8').send(DASHBOARD_CSS);
  });
  return router;
}
