import fs from 'node:fs';
import path from 'node:path';
import { validateOpenApi } from '../../helpers/openapi-validate';
import { requestCompatibility } from '../../helpers/schema-compat';
import { KEY_A, startTestServer, stopAll, withKey, type TestServer } from '../../helpers/test-server';

type Schema = Record<string, unknown>;
type Operations = Record<string, Record<string, Schema>>;

const HOSTED: Schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../shared/api/scrapio-openapi-v1.json'), 'utf8'));

/** Hosted operations not routed yet (the compat walk skips them); none are left. */
const NOT_YET_ROUTED = new Set<string>([]);

const hostedOperations = Object.entries(HOSTED.paths as Operations).flatMap(([route, methods]) =>
  Object.entries(methods)
    .filter(([method]) => ['get', 'post'].includes(method))
    .map(([method, operation]) => ({ route, method, operation, name: `${method.toUpperCase()} ${route}` })),
);

describe('GET /openapi.json', () => {
  let ts: TestServer;
  let document: Schema;

  beforeAll(async () => {
    ts = await startTestServer();
    const res = await ts.api.get('/openapi.json');
    expect(res.status).toBe(200);
    document = res.body as Schema;
  });
  afterAll(() => stopAll(ts));

  it('is public and validates as OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
    const verdict = validateOpenApi(document);
    expect(verdict.errors).toBeUndefined();
    expect(verdict).toMatchObject({ valid: true, version: '3.1' });
  });

  it('fails validation when the document is broken (the check can fail)', () => {
    const broken = structuredClone(document);
    (broken.paths as Operations)['/v1/fetch'].post.responses = 'none';
    expect(validateOpenApi(broken).valid).toBe(false);
  });

  it('marks EXT routes, fields and enum values as extensions, and v1 ones not', () => {
    const paths = document.paths as Operations;
    expect(paths['/v1/jobs'].get['x-scrapio-extension']).toBe(true);
    expect(paths['/v1/jobs'].post['x-scrapio-extension']).toBeUndefined();
    const fetchBody = (paths['/v1/fetch'].post.requestBody as { content: Record<string, { schema: Schema }> }).content['application/json'].schema;
    const props = fetchBody.properties as Record<string, Schema>;
    expect(props.url['x-scrapio-extension']).toBeUndefined();
    expect(props.headers['x-scrapio-extension']).toBe(true);
    expect((props.output.items as Schema)['x-scrapio-extension-values']).toEqual(['text', 'links', 'metadata']);
  });

  it('describes the monitors, account and dashboard routes, marked as extensions', () => {
    const paths = document.paths as Operations;
    const ext = [
      ['post', '/v1/monitors'],
      ['get', '/v1/monitors'],
      ['get', '/v1/monitors/{id}'],
      ['patch', '/v1/monitors/{id}'],
      ['delete', '/v1/monitors/{id}'],
      ['post', '/v1/monitors/{id}/trigger'],
      ['get', '/v1/monitors/{id}/runs'],
      ['get', '/v1/monitors/{id}/runs/latest'],
      ['get', '/v1/monitors/{id}/changes'],
      ['get', '/v1/monitors/{id}/changes/latest'],
      ['get', '/v1/me'],
      ['post', '/v1/account/credits'],
      ['get', '/v1/server/status'],
      ['get', '/v1/jobs/{id}/input'],
      ['get', '/v1/jobs/{id}/pages'],
    ];
    for (const [method, route] of ext) {
      expect([method, route, paths[route]?.[method]?.['x-scrapio-extension']]).toEqual([method, route, true]);
    }
    const monitorBody = (paths['/v1/monitors'].post.requestBody as { content: Record<string, { schema: Schema }> }).content['application/json'].schema;
    expect(monitorBody.required).toEqual(expect.arrayContaining(['name', 'url', 'cron']));
    const patchBody = (paths['/v1/monitors/{id}'].patch.requestBody as { content: Record<string, { schema: Schema }> }).content['application/json'].schema;
    expect(patchBody.required ?? []).toEqual([]);
    const creditsBody = (paths['/v1/account/credits'].post.requestBody as { content: Record<string, { schema: Schema }> }).content['application/json'].schema;
    expect(Object.keys(creditsBody.properties as Schema).sort()).toEqual(['api_key', 'credits', 'daily_cap']);
    expect(((paths['/v1/monitors'].get.parameters ?? []) as unknown as Schema[]).map((parameter) => parameter.name)).toEqual(['limit', 'cursor']);
  });

  it('under compat.strict, describes no EXT field', async () => {
    const strict = await startTestServer({ compat: { strict: true } });
    try {
      const res = await strict.api.get('/openapi.json');
      const fetchBody = res.body.paths['/v1/fetch'].post.requestBody.content['application/json'].schema as Schema;
      expect(Object.keys(fetchBody.properties as Schema).sort()).toEqual([
        'device',
        'extract',
        'output',
        'render_js',
        'session',
        'timeout_ms',
        'url',
        'wait_for',
      ]);
      expect(JSON.stringify(fetchBody)).not.toContain('x-scrapio-extension');
    } finally {
      await strict.stop();
    }
  });

  it('GET /docs serves the swagger-ui page and its assets from the package', async () => {
    const page = await ts.api.get('/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    const bundle = await ts.api.get('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect((await ts.api.get('/docs/assets/no-such-file.js')).body.error.code).toBe('not_found');
  });

  describe('compatibility with the hosted v1 spec', () => {
    it.each(hostedOperations.filter((op) => !NOT_YET_ROUTED.has(op.name)).map((op) => [op.name, op] as const))(
      '%s is described and routed',
      async (_name, op) => {
        const ours = (document.paths as Operations)[op.route]?.[op.method];
        expect(ours).toBeDefined();
        // Routed for real: an empty request reaches the route's own validation, not the unknown-route 404.
        const concrete = op.route.replace(/\{[^}]+\}/g, 'job_00000000000000000000000000');
        const api = withKey(ts.api, KEY_A);
        const res = op.method === 'get' ? await api.get(concrete) : await api.post(concrete, {});
        expect([404, 405].includes(res.status) && ['not_found', 'method_not_allowed'].includes(res.body.error?.code)).toBe(false);
      },
    );

    it.each(hostedOperations.filter((op) => !NOT_YET_ROUTED.has(op.name)).map((op) => [op.name, op] as const))(
      '%s accepts every body and parameter the hosted spec allows',
      (_name, op) => {
        const ours = (document.paths as Operations)[op.route][op.method];
        const problems: string[] = [];
        for (const parameter of (op.operation.parameters ?? []) as Schema[]) {
          const match = ((ours.parameters ?? []) as Schema[]).find((candidate) => candidate.name === parameter.name && candidate.in === parameter.in);
          if (!match) problems.push(`parameter ${String(parameter.in)} ${String(parameter.name)} is missing`);
          else {
            if (match.required && !parameter.required) problems.push(`parameter ${String(parameter.name)} is required by ours only`);
            problems.push(...requestCompatibility(parameter.schema as Schema, match.schema as Schema, HOSTED, String(parameter.name)));
          }
        }
        const theirBody = (op.operation.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content?.['application/json']?.schema;
        if (theirBody) {
          const ourBody = (ours.requestBody as { content: Record<string, { schema: Schema }> } | undefined)?.content['application/json'].schema;
          if (!ourBody) problems.push('request body is missing');
          else problems.push(...requestCompatibility(theirBody, ourBody, HOSTED, 'body'));
        }
        expect(problems).toEqual([]);
      },
    );

    it('the compatibility walk finds a narrowed enum, a missing field and a type change', () => {
      const hosted = {
        type: 'object',
        properties: { device: { type: 'string', enum: ['desktop', 'mobile'] }, url: { type: 'string' }, n: { type: 'integer' } },
      };
      const ours = { type: 'object', additionalProperties: false, properties: { device: { type: 'string', enum: ['desktop'] }, n: { type: 'string' } } };
      expect(requestCompatibility(hosted, ours, {})).toEqual([
        '$.device: value "mobile" is not accepted',
        '$.url: missing in ours',
        '$.n: type integer is not accepted (ours: string)',
      ]);
    });
  });
});
