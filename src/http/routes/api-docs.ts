import path from 'node:path';
import express, { Router } from 'express';
import type { Config } from '../../config/config-schema';
import { buildOpenApiDocument } from '../openapi/build-document';

/** swagger-ui-dist's own directory: its files are served from the package, never from a CDN. */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>scrapio-server API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// A file of its own rather than an inline script, so a Content-Security-Policy of script-src 'self' can apply.
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false, validatorUrl: null });\n`;

/**
 * EXT GET /openapi.json (the API's OpenAPI 3.1 document) and GET /docs (swagger-ui over it). Both are public:
 * they describe the API, like the README, and reveal nothing of any tenant's data.
 */
export function apiDocsRoutes(config: Config): Router {
  const router = Router();
  let document: string | undefined;
  router.get('/openapi.json', (_req, res) => {
    // Built once, on first use: the schemas depend only on the config.
    document ??= JSON.stringify(buildOpenApiDocument(config));
    res.type('application/json').send(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('text/html').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  router.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false }));
  return router;
}
