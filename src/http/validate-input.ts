import type { ZodType, z } from 'zod';
import { ScrapioError } from '../errors';

/**
 * Parses a request body with a surface schema. The first problem becomes the error: its field path is
 * named (`input.url`, `actions.2.selector`), so the message tells the client exactly what to fix.
 * A URL with a forbidden scheme is `url_not_allowed`; everything else is `invalid_request`.
 */
export function validateInput<T extends ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
  if (issue.code === 'custom' && (issue.params as { scheme?: boolean } | undefined)?.scheme) {
    throw new ScrapioError('url_not_allowed', `${field}: ${issue.message}`);
  }
  throw new ScrapioError('invalid_request', `${field}: ${describeIssue(issue)}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')} (request bodies are closed objects)`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  // A record key (a header name): the key's own problem says more than "Invalid key in record".
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  return issue.message;
}

export function requireObjectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScrapioError('invalid_request', 'The request body must be a JSON object (send Content-Type: application/json).');
  }
  return body as Record<string, unknown>;
}
