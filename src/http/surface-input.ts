import { schemaOptions } from '../surfaces/shared/common-input';
import type { SurfaceServices } from '../surfaces/registry';
import type { Surface } from '../surfaces/surface';
import { validateInput } from './validate-input';

/** Validates a surface's input exactly as the inline route and POST /v1/jobs both need: the schema, then the surface's own request-time checks. */
export function parseSurfaceInput(surface: Surface, raw: unknown, services: SurfaceServices, fieldPrefix = ''): unknown {
  const input = validateInput(surface.inputSchema(schemaOptions(services.config)), raw, fieldPrefix);
  surface.validate?.(input, services);
  return input;
}
