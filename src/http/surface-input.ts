import { ScrapioError } from '../errors';
import { schemaOptions } from '../surfaces/schemas/common';
import type { EngineServices } from '../surfaces/engine-services';
import type { Surface } from '../surfaces/surface';
import { validateInput } from './validate-input';

/**
 * Validates a surface's input exactly as the inline route and POST /v1/jobs both need: the schema, the
 * surface's own request-time checks, then whether this build can run it at all.
 */
export function parseSurfaceInput(surface: Surface, raw: unknown, services: EngineServices, fieldPrefix = ''): unknown {
  const input = validateInput(surface.inputSchema(schemaOptions(services.config)), raw, fieldPrefix);
  surface.validate?.(input, services);
  if (surface.unavailableReason) throw new ScrapioError('not_implemented', surface.unavailableReason);
  return input;
}
