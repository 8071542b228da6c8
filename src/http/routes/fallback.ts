import type { RequestHandler } from 'express';
import { ScrapioError } from '../../errors';

/** Every route this server answers, as method + path pattern: the source of 405 vs 404 for the rest. */
const KNOWN_ROUTES: Array<{ pattern: RegExp; methods: string[] }> = [
  { pattern: /^\/health$/, methods: ['GET'] },
  { pattern: /^\/ready$/, methods: ['GET'] },
  { pattern: /^\/metrics$/, methods: ['GET'] },
  { pattern: /^\/(openapi\.json|docs)$/, methods: ['GET'] },
  { pattern: /^\/mcp$/, methods: ['POST'] },
  { pattern: /^\/v1\/(fetch|crawl|map|interact|search)$/, methods: ['POST'] },
  { pattern: /^\/v1\/jobs$/, methods: ['GET', 'POST'] },
  { pattern: /^\/v1\/jobs\/[^/]+$/, methods: ['GET'] },
  { pattern: /^\/v1\/jobs\/[^/]+\/result$/, methods: ['GET'] },
  { pattern: /^\/v1\/jobs\/[^/]+\/events$/, methods: ['GET'] },
  { pattern: /^\/v1\/jobs\/[^/]+\/input$/, methods: ['GET'] },
  { pattern: /^\/v1\/jobs\/[^/]+\/pages$/, methods: ['GET'] },
  { pattern: /^\/v1\/server\/status$/, methods: ['GET'] },
  { pattern: /^\/dashboard(\/|\/assets\/dashboard\.(js|css))?$/, methods: ['GET'] },
  { pattern: /^\/v1\/jobs\/[^/]+\/cancel$/, methods: ['POST'] },
  { pattern: /^\/v1\/files\/[^/]+\/[^/]+$/, methods: ['GET'] },
  { pattern: /^\/v1\/webhooks\/secret$/, methods: ['GET'] },
  { pattern: /^\/v1\/youtube\/(search|subtitles|videos\/[^/]+)$/, methods: ['GET'] },
  { pattern: /^\/v1\/youtube\/search\/crawl$/, methods: ['POST'] },
  { pattern: /^\/v1\/walmart\/(search|product|search\/crawl)$/, methods: ['GET'] },
  { pattern: /^\/v1\/amazon\/(search|product|pricing|search\/crawl)$/, methods: ['GET'] },
  { pattern: /^\/v1\/google\/search$/, methods: ['GET'] },
  { pattern: /^\/v1\/monitors$/, methods: ['GET', 'POST'] },
  { pattern: /^\/v1\/monitors\/[^/]+$/, methods: ['GET', 'PATCH', 'DELETE'] },
  { pattern: /^\/v1\/monitors\/[^/]+\/trigger$/, methods: ['POST'] },
  { pattern: /^\/v1\/monitors\/[^/]+\/(runs|changes)(\/latest)?$/, methods: ['GET'] },
];

/** The last handler: 405 with Allow for a known path and another method, else 404 not_found. */
export const unknownRoute: RequestHandler = (req, res, next) => {
  const known = KNOWN_ROUTES.find((route) => route.pattern.test(req.path));
  if (known) {
    res.setHeader('Allow', known.methods.join(', '));
    next(new ScrapioError('method_not_allowed', `${req.method} is not allowed on ${req.path}; use ${known.methods.join(' or ')}.`));
    return;
  }
  next(new ScrapioError('not_found', `No route ${req.method} ${req.path}. See the README for the API's routes.`));
};
