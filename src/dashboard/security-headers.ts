import type { RequestHandler } from 'express';

/**
 * The dashboard's Content-Security-Policy: its own script and stylesheet only (nothing inline, no eval), data only
 * from this origin (the /v1 API and signed screenshot URLs), no frames, no forms posting anywhere, no plug-ins.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every dashboard response: CSP, no MIME sniffing, no referrer (the hash route names job ids). */
export const dashboardSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': DASHBOARD_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-cache',
  });
  next();
};
