import { execFileSync } from 'node:child_process';

/**
 * Validates a document with @seriousme/openapi-schema-validator. The library is ES modules only and Jest runs
 * CommonJS, so it runs in a child Node process: the document goes in on stdin, the verdict comes back as JSON.
 */
export function validateOpenApi(document: unknown): { valid: boolean; errors?: unknown; version?: string } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(input));
    process.stdout.write(JSON.stringify({ ...result, version: validator.version }));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(document),
    cwd: process.cwd(),
    encoding: 'utf8',
  });
  return JSON.parse(output) as { valid: boolean; errors?: unknown; version?: string };
}
