import type { NetworkPolicy } from '../../engine/network/network-policy';
import { fetchPage, type PageFetchServices } from '../shared/page-fetch';
import type { Surface } from '../surface';
import { assertExtractServable } from '../shared/structured-extract';
import { fetchInputSchema, type FetchInput } from './fetch-input';

export interface FetchServices extends PageFetchServices {
  policy: Pick<NetworkPolicy, 'assertUrlAllowed'>;
}

/** POST /v1/fetch: one page, over plain HTTP or rendered in Chromium, turned into the requested outputs. */
export const fetchSurface: Surface<FetchInput, FetchServices> = {
  kind: 'fetch',
  inputSchema: fetchInputSchema,
  validate(input, services) {
    // IP literals and schemes are refused before a job exists; hostnames are checked on their resolved address.
    services.policy.assertUrlAllowed(input.url);
    assertExtractServable(input.extract, services);
  },
  defaultTimeoutMs: (config) => config.limits.defaultFetchTimeoutMs,

  run: fetchPage,

  async inlineView(result) {
    const { outputs, usage, diagnostics, session } = result.body;
    return { mode: 'inline', status: result.status, outputs, usage, ...(diagnostics ? { diagnostics } : {}), ...(session ? { session } : {}) };
  },

  async resultView(body) {
    if (!body) return { outputs: {} };
    return { outputs: body.outputs, ...(body.diagnostics ? { diagnostics: body.diagnostics } : {}) };
  },
};
