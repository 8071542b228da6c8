import type { Response } from 'express';
import type { Logger } from '../logger';
import type { TestFault } from '../testing/faults/fault-codes';

/** What the middleware chain attaches to each response: read through these helpers, not res.locals directly. */
export interface RequestLocals {
  requestId: string;
  logger: Logger;
  /** The tenant of the authenticated key (a hash of the key, never the key itself). */
  tenant?: string;
  /** The Scrapio-Test-Fault to act out (testing.faults), when it can happen on this route. */
  testFault?: TestFault;
}

export function locals(res: Response): RequestLocals {
  return res.locals as RequestLocals;
}

export function tenantOf(res: Response): string {
  const tenant = locals(res).tenant;
  if (!tenant) throw new Error('tenantOf() called on a route without the auth middleware');
  return tenant;
}
