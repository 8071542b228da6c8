import { crawlPageCredits } from '../surfaces/crawl/crawl-surface';
import { fetchCredits } from '../surfaces/shared/page-fetch';
import type { JobKind } from '../surfaces/registry';

/** What a job costs when it is accepted (billing.mode "emulate"). */
export interface AcceptCharge {
  credits: number;
  /** A crawl pays page by page as it runs: at acceptance the key must only afford one page. */
  perPage: boolean;
}

type PricedInput = Parameters<typeof fetchCredits>[0];

/**
 * The v1 price table. fetch: the `usage.credits` its response reports (1; +1 with a browser; +1 with extraction).
 * crawl: the same price per page fetched. The other surfaces report no usage: interact always drives a browser
 * (2), map, search and the YouTube search crawl cost 1 per request.
 */
export function acceptCharge(kind: JobKind, input: unknown): AcceptCharge {
  switch (kind) {
    case 'fetch':
      return { credits: fetchCredits(input as PricedInput), perPage: false };
    case 'crawl':
      return { credits: crawlPageCredits(input as PricedInput), perPage: true };
    case 'interact':
      return { credits: 2, perPage: false };
    default:
      return { credits: 1, perPage: false };
  }
}
