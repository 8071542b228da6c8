#!/usr/bin/env node
// The container's HEALTHCHECK: exits 0 when the server answers GET /ready with 200 (database and worker pool
// up), 1 otherwise (not ready, refused, or no answer within the timeout). Node built-ins only, so the image
// needs no curl. The URL: SCRAPIO_HEALTHCHECK_URL, else http://127.0.0.1:$SCRAPIO_PORT/ready (port 8080 by default).
const http = require('node:http');

const port = process.env.SCRAPIO_PORT || '8080';
const url = process.env.SCRAPIO_HEALTHCHECK_URL || `http://127.0.0.1:${port}/ready`;
const timeoutMs = Number(process.env.SCRAPIO_HEALTHCHECK_TIMEOUT_MS || 3000);

const fail = (reason) => {
  process.stderr.write(`healthcheck: ${url}: ${reason}\n`);
  process.exit(1);
};

const request = http.get(url, { timeout: timeoutMs }, (response) => {
  response.resume();
  if (response.statusCode === 200) process.exit(0);
  fail(`status ${response.statusCode}`);
});
request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
request.on('error', (error) => fail(error.message));
