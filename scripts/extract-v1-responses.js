#!/usr/bin/env node
'use strict';
/**
 * Writes src/http/strict/v1-responses.json: the response part of the hosted v1 OpenAPI spec (every operation's
 * response schema names by status, and those schemas with everything they reference), which compat.strict
 * prunes responses against. The server cannot read ../shared/api at run time (it is not shipped), so it ships
 * this extract; test/unit/http/strict-responses.test.ts fails when it no longer matches the spec.
 *
 *   node scripts/extract-v1-responses.js [path/to/scrapio-openapi-v1.json]
 */
const fs = require('node:fs');
const path = require('node:path');

function extract(spec) {
  const operations = [];
  const wanted = new Set();
  for (const [route, methods] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const responses = {};
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const ref = response.content?.['application/json']?.schema?.$ref;
        if (!ref) continue;
        const name = ref.replace('#/components/schemas/', '');
        responses[status] = name;
        wanted.add(name);
      }
      operations.push({ method: method.toUpperCase(), path: route, operationId: operation.operationId, responses });
    }
  }
  // Everything the wanted schemas reference, transitively.
  const schemas = {};
  const queue = [...wanted];
  while (queue.length > 0) {
    const name = queue.shift();
    if (schemas[name]) continue;
    schemas[name] = spec.components.schemas[name];
    for (const match of JSON.stringify(schemas[name]).matchAll(/#\/components\/schemas\/([A-Za-z0-9_]+)/g)) queue.push(match[1]);
  }
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((name) => [name, schemas[name]]));
  return { source: `${spec.info?.title ?? 'Scrapio API'} ${spec.info?.version ?? ''}`.trim(), operations, schemas: sorted };
}

module.exports = { extract };

if (require.main === module) {
  const specPath = process.argv[2] ?? path.resolve(__dirname, '../../shared/api/scrapio-openapi-v1.json');
  const out = path.resolve(__dirname, '../src/http/strict/v1-responses.json');
  fs.writeFileSync(out, `${JSON.stringify(extract(JSON.parse(fs.readFileSync(specPath, 'utf8'))), null, 1)}\n`);
  console.log(`wrote ${out}`);
}
