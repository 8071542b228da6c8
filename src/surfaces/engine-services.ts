import type { Clock } from '../clock';
import type { Config } from '../config/config-schema';
import type { HttpClient } from '../engine/http-client';
import type { NetworkPolicy } from '../engine/network-policy';
import type { BuildOutputs } from '../extract/types';

/** The engines a surface may use. The worker depends on these small interfaces, not on their libraries. */
export interface EngineServices {
  config: Config;
  clock: Clock;
  policy: NetworkPolicy;
  http: HttpClient;
  buildOutputs: BuildOutputs;
}
