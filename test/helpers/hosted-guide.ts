import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The hosted docs' async-jobs page (../shared/seed/async-jobs-guide.txt), as the tests run it unchanged. */
export const GUIDE = fs.readFileSync(process.env.SCRAPIO_GUIDE_PATH ?? path.resolve(__dirname, '../../../shared/seed/async-jobs-guide.txt'), 'utf8');

/** The guide's Python polling loop, verbatim (from its import line to the "Result TTL" section). */
export function guidePythonLoop(): string {
  const start = GUIDE.indexOf('import time, requests, os');
  const end = GUIDE.indexOf('Result TTL', start);
  return GUIDE.slice(start, end).trim();
}

/**
 * The guide's texts point at the hosted API and at https://example.com: swapped for the local server and a
 * local fixture (tests reach 127.0.0.1 only), and the sample job id for a real one.
 */
export function localiseGuide(text: string, serverUrl: string, targetUrl: string, jobId = 'job_abc123'): string {
  return text.replaceAll('https://api.scrapio.dev', serverUrl).replaceAll('https://example.com', targetUrl).replaceAll('job_abc123', jobId);
}

/** A python3 that has `requests` (the guide's example imports it). */
export function pythonWithRequests(): string {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(candidate, ['-c', 'import requests'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('No python3 with the requests module: .ci/run installs python3-requests');
}
