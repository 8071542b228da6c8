import fs from 'node:fs';
import path from 'node:path';
import { SchemaPruner } from '../../../src/http/strict/schema-pruner';
import { StrictResponses } from '../../../src/http/strict/strict-responses';
import v1Responses from '../../../src/http/strict/v1-responses.json';

const { extract } = require('../../../scripts/extract-v1-responses.js') as { extract: (spec: unknown) => unknown };

const SPEC_PATH = process.env.SCRAPIO_SPEC_PATH ?? path.resolve(__dirname, '../../../../shared/api/scrapio-openapi-v1.json');

describe('the shipped extract of the v1 response schemas', () => {
  it('is exactly what scripts/extract-v1-responses.js takes from the spec (run it when the spec changes)', () => {
    const spec = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8')) as unknown;
    expect(v1Responses).toEqual(extract(spec));
  });

  it('covers every operation of the spec', () => {
    expect(v1Responses.operations.map((operation) => `${operation.method} ${operation.path}`)).toEqual(
      expect.arrayContaining(['GET /v1/jobs/{id}', 'GET /v1/walmart/search', 'GET /v1/walmart/search/crawl', 'POST /v1/crawl']),
    );
  });
});

describe('SchemaPruner', () => {
  const pruner = new SchemaPruner({
    components: {
      schemas: {
        Closed: {
          type: 'object',
          properties: {
            a: { type: 'string' },
            inner: { $ref: '#/components/schemas/Inner' },
            list: { type: 'array', items: { $ref: '#/components/schemas/Inner' } },
            open: { type: 'object', additionalProperties: {} },
          },
          additionalProperties: false,
        },
        Inner: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'], additionalProperties: false },
        Either: {
          anyOf: [
            { type: 'object', properties: { kind: { enum: ['one'] }, one: { type: 'string' } }, required: ['kind'], additionalProperties: false },
            { type: 'object', properties: { kind: { enum: ['two'] }, two: { type: 'string' } }, required: ['kind'], additionalProperties: false },
          ],
        },
      },
    },
  });

  it('drops properties closed objects do not declare, at every depth, and keeps open objects as they are', () => {
    const value = { a: 'k', extra: 1, inner: { x: 1, y: 2 }, list: [{ x: 1, z: 3 }], open: { anything: { goes: true } } };
    expect(pruner.prune('Closed', value)).toEqual({ a: 'k', inner: { x: 1 }, list: [{ x: 1 }], open: { anything: { goes: true } } });
    expect(value.extra).toBe(1); // the input is not modified
  });

  it('prunes an anyOf to the branch the value fits, and to the union of branches when none fits', () => {
    expect(pruner.prune('Either', { kind: 'two', one: 'a', two: 'b', progress: {} })).toEqual({ kind: 'two', two: 'b' });
    expect(pruner.prune('Either', { kind: 'three', one: 'a', two: 'b', progress: {} })).toEqual({ kind: 'three', one: 'a', two: 'b' });
  });
});

describe('StrictResponses', () => {
  const strict = new StrictResponses();

  it('finds the schema by method, path and status; errors fall back to the operation error schema', () => {
    expect(strict.schemaFor('GET', '/v1/jobs/job_abc', 200)).toBe('JobResponse');
    expect(strict.schemaFor('GET', '/v1/walmart/search', 200)).toBe('WalmartSearchResponse');
    expect(strict.schemaFor('GET', '/v1/walmart/product', 404)).toBe('ErrorResponse');
    expect(strict.schemaFor('GET', '/v1/google/search', 404)).toBe('GoogleErrorResponse');
    expect(strict.schemaFor('GET', '/v1/nothing', 404)).toBe('ErrorResponse');
    expect(strict.schemaFor('GET', '/v1/jobs', 200)).toBeUndefined(); // EXT endpoint: no v1 schema
  });

  it('drops progress from crawl job status, and request_id and job_type where the v1 schema has none', () => {
    const status = {
      request_id: 'r',
      job_id: 'job_1',
      job_type: 'crawl',
      status: 'running',
      mode: 'async',
      created_at: '2026-12-07T00:00:00.000Z',
      result_available: false,
      progress: { completed: 1, total: 3 },
    };
    const { progress: _progress, ...withoutProgress } = status;
    expect(strict.prune('GET', '/v1/jobs/job_1', 200, status)).toEqual(withoutProgress);
    expect(
      strict.prune('GET', '/v1/walmart/search/crawl', 202, { request_id: 'r', mode: 'async', status: 'queued', job_id: 'j', job_type: 'walmart_search_crawl' }),
    ).toEqual({
      request_id: 'r',
      mode: 'async',
      status: 'queued',
      job_id: 'j',
    });
    expect(strict.prune('GET', '/v1/walmart/product', 404, { request_id: 'r', error: { code: 'not_found', message: 'm' }, extra: 1 })).toEqual({
      request_id: 'r',
      error: { code: 'not_found', message: 'm' },
    });
    expect(strict.prune('GET', '/v1/jobs', 200, { request_id: 'r', jobs: [] })).toEqual({ request_id: 'r', jobs: [] });
  });

  it("prunes a site search crawl's result to that site's search response (diagnostics and paging next go)", () => {
    const body = {
      request_id: 'r',
      job_id: 'j',
      job_type: 'walmart_search_crawl',
      status: 'completed',
      mode: 'async',
      result: { provider: 'walmart', products: [], diagnostics: { stopped: { page: 2, code: 'target_blocked', message: 'm' } }, next: null },
    };
    expect(strict.prune('GET', '/v1/jobs/j/result', 200, body)).toEqual({ ...body, result: { provider: 'walmart', products: [] } });
    const crawl = { ...body, job_type: 'crawl', result: { pages: [], anything: 1 } };
    expect(strict.prune('GET', '/v1/jobs/j/result', 200, crawl)).toEqual(crawl); // an open result stays as it is
  });
});
