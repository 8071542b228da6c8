import type { Request, Response } from 'express';
import { isTerminal } from '../../jobs/job-state';
import type { JobRow } from '../../jobs/job-store';
import { toJobResponse } from '../../jobs/job-view';
import type { AppDeps } from '../app-deps';
import { locals } from '../request-locals';

/** Keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15000;

/**
 * EXT GET /v1/jobs/{id}/events: Server-Sent Events. A `status` event with the JobResponse now and at every
 * status change, the job's own events as they happen (a crawl's `page`); the stream ends after the terminal status.
 */
export function streamJobEvents(req: Request, res: Response, row: JobRow, deps: AppDeps): void {
  const requestId = locals(res).requestId;
  res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.flushHeaders();
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('status', toJobResponse(row, requestId, deps.clock.now()));
  if (isTerminal(row.status)) {
    res.end();
    return;
  }
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const unpublish = deps.events.onPublish(row.id, (event, data) => send(event, data));
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
    unpublish();
  };
  const unsubscribe = deps.events.onChange(row.id, (change) => {
    void deps.store.findById(row.id).then((current) => {
      if (!current) return;
      send('status', toJobResponse(current, requestId, deps.clock.now()));
      if (isTerminal(change.status)) {
        stop();
        res.end();
      }
    });
  });
  req.on('close', stop);
}
