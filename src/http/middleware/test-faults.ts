import type { Request, RequestHandler } from 'express';
import type { Config } from '../../config/config-schema';
import { SURFACE_KINDS } from '../../surfaces/registry';
import {
  FAULT_APPLIED_HEADER,
  FAULT_CODES,
  FAULT_HEADER,
  isFaultCode,
  parseFaultHeader,
  type FaultCode,
  type TestFault,
} from '../../testing/faults/fault-codes';
import type { ApiKeys } from '../api-keys';
import { locals, tenantOf } from '../request-locals';

interface FaultRule {
  tenant: string;
  route?: string;
  fault: TestFault;
}

/**
 * testing.faults: reads the fault of a /v1 request (the Scrapio-Test-Fault header, else the first matching
 * testing.faultRules entry of its key) and, when the fault can happen on this route, marks the response with
 * Scrapio-Test-Fault-Applied and leaves the fault in res.locals for the step that really fails that way
 * (rate limiter, queue, credits, job runner, inline wait). Off: the header is ignored, unknown codes included,
 * so a test suite that always sends it also runs against a server that is not in test mode.
 */
export function testFaults(testing: Config['testing'], apiKeys: ApiKeys): RequestHandler {
  const rules = testing.faults ? compileRules(testing.faultRules, apiKeys) : [];
  return (req, res, next) => {
    if (!testing.faults) {
      next();
      return;
    }
    const header = req.get(FAULT_HEADER);
    const tenant = tenantOf(res);
    const fault =
      header !== undefined
        ? parseFaultHeader(header)
        : rules.find((rule) => rule.tenant === tenant && (!rule.route || req.originalUrl.startsWith(rule.route)))?.fault;
    if (fault && appliesTo(fault.code, req)) {
      locals(res).testFault = fault;
      res.setHeader(FAULT_APPLIED_HEADER, fault.code);
    }
    next();
  };
}

/** Where each fault can happen: a rate limit on any /v1 request, the rest on requests that create a job. */
function appliesTo(code: FaultCode, req: Request): boolean {
  if (code === 'rate_limited') return true;
  if (req.method !== 'POST') return false;
  const inline = (SURFACE_KINDS as readonly string[]).includes(req.path.slice(1));
  if (code === 'promote') return inline; // POST /v1/jobs is async already
  return inline || req.path === '/jobs' || req.path === '/jobs/';
}

function compileRules(entries: Config['testing']['faultRules'], apiKeys: ApiKeys): FaultRule[] {
  return entries.map((entry, index) => {
    const where = `testing.faultRules[${index}]`;
    if (!isFaultCode(entry.code)) throw new Error(`${where}.code: unknown fault "${entry.code}"; use one of ${FAULT_CODES.join(', ')}.`);
    if (entry.delayMs !== undefined && entry.code !== 'timeout') throw new Error(`${where}.delayMs: only the "timeout" fault takes a delay.`);
    const tenant = apiKeys.tenantOf(entry.apiKey);
    if (!tenant) throw new Error(`${where}.apiKey: not one of the configured API keys (auth.apiKeys).`);
    return { tenant, route: entry.route, fault: { code: entry.code, delayMs: entry.delayMs } };
  });
}
