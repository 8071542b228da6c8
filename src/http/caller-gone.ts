import type { Request, Response } from 'express';

/** Aborts the site requests of an inline call whose client hung up: nobody would read the answer. */
export function callerGone(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  req.on('aborted', () => controller.abort());
  return controller.signal;
}
