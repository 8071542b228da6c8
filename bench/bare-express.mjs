// The baseline of bench/polling.mjs: a bare Express app with a route shaped like GET /v1/jobs/{id} (a map
// lookup answered as JSON), nothing else. Prints its URL on stdout.
import { randomUUID } from 'node:crypto';
import express from 'express';

const jobs = new Map(Array.from({ length: 1000 }, (_, i) => [`job-${i}`, { id: `job-${i}`, status: 'running', kind: 'fetch' }]));
const app = express();
app.get('/v1/jobs/:id', (req, res) => {
  const job = jobs.get(req.params.id);
  if (!job) return void res.status(404).json({ error: { code: 'job_not_found' } });
  res.json({ request_id: randomUUID(), ...job });
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
