import type { Config } from '../config/config-schema';
import type { JobKind } from '../db/schema';
import { ScrapioError } from '../errors';
import type { SchemaOptions } from './schemas/common';
import type { Surface } from './surface';
import type { ZodType } from 'zod';

/**
 * A surface whose input is validated exactly like the real one but whose engine is not built yet:
 * its requests answer 501 not_implemented (never a fake result).
 */
export function pendingSurface(kind: JobKind, inputSchema: (options: SchemaOptions) => ZodType, reason: string): Surface {
  return {
    kind,
    unavailableReason: reason,
    inputSchema,
    defaultTimeoutMs: (config: Config) => config.limits.timeoutMs,
    async run() {
      throw new ScrapioError('not_implemented', reason);
    },
    inlineView: async (result) => ({ mode: 'inline', status: result.status, ...result.body }),
    resultView: async (body) => ({ result: body ?? {} }),
  };
}
