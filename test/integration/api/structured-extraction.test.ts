import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { startScriptedModel, type ModelCall, type ModelReply, type ScriptedModel } from '../../helpers/scripted-model';
import { expectSpecValid } from '../../helpers/spec-validator';
import { fixtureHtml, structuredFixtures } from '../../helpers/structured-fixtures';
import { bearer, KEY_A, startTestServer, tempDir, waitForJob, type TestServer, withKey, stopAll } from '../../helpers/test-server';

const SECRET = 'sk-live-structured-secret-4f9a8b7c6d5e';
const PRODUCT_SCHEMA = { title: 'the product name', price: 'the product price, a number', availability: 'stock availability' };
const CRAWL_PAGES = 50;

let site: FixtureServer;
let model: ScriptedModel;
let ts: TestServer;
const logLines: string[] = [];

/** The scripted model: reads the page from the prompt and answers with what it states, in a few styles. */
function readingModel(call: ModelCall): ModelReply {
  if (call.prompt.startsWith('Instruction:')) {
    return { json: { speakers: [...call.page.matchAll(/(\w+ \w+) — ([\w ]+)/g)].map((match) => ({ name: match[1], company: match[2] })) } };
  }
  // The first heading, without a " | Site" suffix.
  const title = /^#+ (.+)$/m.exec(call.page)?.[1].split(/ [|–] /)[0] ?? null;
  const price = /[£$€]\s?(\d+(?:\.\d+)?)/.exec(call.page)?.[1] ?? null;
  // Prose-wrapped, with the price as a string: the pipeline must repair and coerce it.
  return { json: { title, price, availability: /out of stock/i.test(call.page) ? 'OutOfStock' : 'InStock' }, wrap: 'prose' };
}

beforeAll(async () => {
  const routes: Record<string, ReturnType<typeof html>> = {};
  for (const name of Object.keys(structuredFixtures().pages)) routes[`/${name}`] = html(fixtureHtml(name));
  routes['/event'] = html(
    '<html><body><article><h1>Node Summit</h1><p>Speakers:</p><ul><li>Ada Lovelace — Analytical Engines</li><li>Grace Hopper — Navy Labs</li></ul></article></body></html>',
  );
  // A 50-page catalogue: the index links to every product page.
  const links = Array.from({ length: CRAWL_PAGES - 1 }, (_, index) => `<li><a href="/catalogue/item-${index}">Item ${index}</a></li>`).join('');
  routes['/catalogue'] = html(`<html><body><main><h1>Catalogue</h1><p>Our range, price from $1.</p><ul>${links}</ul></main></body></html>`);
  for (let index = 0; index < CRAWL_PAGES - 1; index += 1) {
    routes[`/catalogue/item-${index}`] = html(
      `<html><body><article><h1>Item ${index}</h1><p>Only $${index + 10}.50, a fine thing for every home, in stock now.</p></article></body></html>`,
    );
  }
  site = await startFixtureServer(routes);
  site.route('/searx/search', (_req, res) => {
    const results = ['product-jsonld', 'product-plain'].map((name) => ({ url: `${site.url}/${name}`, title: name, content: 'a product' }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
  });
  model = await startScriptedModel(readingModel, { delayMs: 5 });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString('utf8'));
      callback();
    },
  });
  ts = await startTestServer(
    {
      search: { searxng: { baseUrl: `${site.url}/searx/` } },
      llm: { baseUrl: model.baseUrl, model: 'scripted-1', apiKey: SECRET, concurrency: 2, timeoutMs: 2000, maxRetries: 1 },
      workers: { maxAttempts: 1 },
      crawl: { obeyRobots: false },
      log: { level: 'trace' },
    },
    tempDir(),
    { logger: pino({ level: 'trace' }, sink) },
  );
});

afterAll(() => stopAll(ts, model, site));

beforeEach(() => model.setScript(readingModel));

describe('extract.mode "schema" and "instruction" with a model (POST /v1/fetch)', () => {
  it('fills the v1 description-style schema: repaired, coerced, validated, in outputs.json (v1 envelope)', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${site.url}/product-graph`,
      output: ['json'],
      extract: { mode: 'schema', schema: PRODUCT_SCHEMA },
    });
    expect(res.status).toBe(200);
    expectSpecValid('InlineFetchResponse', res.body);
    expect(res.body.outputs.json).toEqual({ title: 'Trailblazer 45 Backpack', price: 129, availability: 'OutOfStock' });
    expect(res.body.usage).toEqual({ credits: 2 });
    expect(res.body.diagnostics).toBeUndefined();
    const call = model.calls[model.calls.length - 1];
    expect(call.body.model).toBe('scripted-1');
    expect(call.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('takes a real JSON Schema (EXT) and reports token counts in diagnostics.llm when extract.engine is named', async () => {
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, price: { type: 'number', minimum: 0 }, availability: { type: 'string', enum: ['InStock', 'OutOfStock'] } },
      required: ['title', 'price', 'availability'],
    };
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${site.url}/product-jsonld`,
      output: ['json'],
      extract: { mode: 'schema', schema, engine: 'llm' },
    });
    expect(res.status).toBe(200);
    expect(res.body.outputs.json).toEqual({ title: 'Aurora 1.7L Stainless Kettle', price: 49.99, availability: 'InStock' });
    expect(res.body.diagnostics).toMatchObject({ engine: 'llm', llm: { calls: 1, repair_rounds: 0, response_format: 'json_schema' } });
    expect(res.body.diagnostics.llm.prompt_tokens).toBeGreaterThan(0);
    expect(res.body.diagnostics.llm.completion_tokens).toBeGreaterThan(0);
  });

  it('answers an instruction with the JSON object the model gives', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${site.url}/event`,
      output: ['json'],
      extract: { mode: 'instruction', instruction: 'list every speaker with their company' },
    });
    expect(res.status).toBe(200);
    expectSpecValid('InlineFetchResponse', res.body);
    expect(res.body.outputs.json).toEqual({
      speakers: [
        { name: 'Ada Lovelace', company: 'Analytical Engines' },
        { name: 'Grace Hopper', company: 'Navy Labs' },
      ],
    });
  });

  it('serves engine "heuristic" from the page\'s structured data without calling the model', async () => {
    const before = model.calls.length;
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${site.url}/product-microdata`,
      output: ['json'],
      extract: { mode: 'schema', schema: { ...PRODUCT_SCHEMA, warranty: 'the warranty' }, engine: 'heuristic' },
    });
    expect(res.status).toBe(200);
    expect(res.body.outputs.json).toEqual({ title: 'Lumen Desk Lamp', price: 39.9, availability: 'InStock', warranty: null });
    expect(res.body.diagnostics).toMatchObject({ engine: 'heuristic', unfilled_fields: ['warranty'] });
    expect(model.calls.length).toBe(before);
  });

  it('answers 422 schema_validation_failed with what was wrong when the answer stays invalid after the repair round', async () => {
    model.setScript(() => ({ content: 'I think the price is about twenty pounds.' }));
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${site.url}/product-plain`,
      output: ['json'],
      extract: { mode: 'schema', schema: PRODUCT_SCHEMA },
    });
    expect(res.status).toBe(422);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('schema_validation_failed');
    expect(res.body.error.message).toContain('the answer contains no JSON object');
  });

  it.each<[string, number, string, ModelReply]>([
    ['a model that keeps answering 429', 502, 'llm_unavailable', { status: 429, headers: { 'retry-after-ms': '10' } }],
    ['a model that hangs beyond llm.timeoutMs', 504, 'timeout', { hang: true }],
    ['a model that fails with 500', 502, 'llm_unavailable', { status: 500 }],
  ])('answers %s with %i %s in the error envelope, retryable, never a 500', async (_name, status, code, reply) => {
    model.setScript(() => reply);
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${site.url}/product-plain`,
      output: ['json'],
      extract: { mode: 'schema', schema: PRODUCT_SCHEMA },
    });
    expect(res.status).toBe(status);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe(code);
    expect(res.body.diagnostics).toMatchObject({ outcome: 'failed', retryable: true });
  });

  it('runs the extraction on each page of a 50-page crawl, never more model calls in flight than llm.concurrency', async () => {
    const before = model.calls.length;
    model.maxInFlight = 0;
    const submitted = await withKey(ts.api, KEY_A).post('/v1/jobs', {
      kind: 'crawl',
      input: {
        seeds: [`${site.url}/catalogue`],
        max_pages: CRAWL_PAGES,
        max_depth: 1,
        output: ['json'],
        extract: { mode: 'schema', schema: PRODUCT_SCHEMA },
      },
    });
    expect(submitted.status).toBe(202);
    const status = await waitForJob(ts.api, KEY_A, submitted.body.job_id, 60000);
    expect(status.status).toBe('completed');
    const result = await ts.api.get(`/v1/jobs/${submitted.body.job_id}/result`).set(bearer(KEY_A));
    const pages = result.body.result.pages as Array<{ url: string; status: string; outputs: { json: Record<string, unknown> } }>;
    expect(pages).toHaveLength(CRAWL_PAGES);
    for (const page of pages) {
      expect(page.status).toBe('completed');
      const item = /item-(\d+)$/.exec(page.url);
      if (item) expect(page.outputs.json).toEqual({ title: `Item ${item[1]}`, price: Number(item[1]) + 10.5, availability: 'InStock' });
    }
    expect(model.calls.length - before).toBe(CRAWL_PAGES);
    expect(model.maxInFlight).toBeLessThanOrEqual(2);
  }, 90000);

  it('extracts each result page of a search with fetch_results', async () => {
    const res = await withKey(ts.api, KEY_A).post('/v1/search', {
      query: 'kettle',
      provider: 'searxng',
      fetch_results: true,
      output: ['json'],
      extract: { mode: 'schema', schema: PRODUCT_SCHEMA },
    });
    expect(res.status).toBe(200);
    const results = res.body.result.results as Array<{ url: string; outputs: { json: Record<string, unknown> } }>;
    expect(results.map((result) => result.outputs.json)).toEqual([
      { title: 'Aurora 1.7L Stainless Kettle', price: 49.99, availability: 'InStock' },
      { title: 'Orbit Wireless Mouse', price: 24.5, availability: 'InStock' },
    ]);
  });

  it('never writes the model key to the logs, the job rows, or a response', async () => {
    model.setScript(() => ({ status: 401, message: `invalid key ${SECRET.slice(0, 4)}...` }));
    const res = await withKey(ts.api, KEY_A).post('/v1/fetch', {
      url: `${site.url}/product-plain`,
      output: ['json'],
      extract: { mode: 'schema', schema: PRODUCT_SCHEMA },
    });
    expect(res.status).toBe(502);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(SECRET);
    const databaseFiles = fs.readdirSync(ts.dataDir).filter((file) => file.startsWith('scrapio.db'));
    expect(databaseFiles.length).toBeGreaterThan(0);
    for (const file of databaseFiles) expect(fs.readFileSync(path.join(ts.dataDir, file)).includes(SECRET)).toBe(false);
  });
});

describe('without a model configured', () => {
  let bare: TestServer;
  beforeAll(async () => {
    bare = await startTestServer({ workers: { maxAttempts: 1 } });
  });
  afterAll(async () => {
    await bare.stop();
  });

  it('serves mode "schema" with the heuristic engine by default (v1 envelope)', async () => {
    const res = await withKey(bare.api, KEY_A).post('/v1/fetch', {
      url: `${site.url}/recipe-jsonld`,
      output: ['json'],
      extract: { mode: 'schema', schema: { name: 'the recipe name', cook_time: 'cooking time' } },
    });
    expect(res.status).toBe(200);
    expectSpecValid('InlineFetchResponse', res.body);
    expect(res.body.outputs.json).toEqual({ name: 'Spaghetti Aglio e Olio', cook_time: 'PT12M' });
  });

  it.each([
    ['an instruction', { mode: 'instruction', instruction: 'list the ingredients' }],
    ['engine "llm"', { mode: 'schema', schema: { name: 'the name' }, engine: 'llm' }],
  ])('refuses %s with 422 llm_unavailable before any job exists', async (_name, extract) => {
    const res = await withKey(bare.api, KEY_A).post('/v1/fetch', { url: `${site.url}/recipe-jsonld`, output: ['json'], extract });
    expect(res.status).toBe(422);
    expectSpecValid('ErrorResponse', res.body);
    expect(res.body.error.code).toBe('llm_unavailable');
    expect(res.body.error.message).toContain('llm.baseUrl');
    const jobs = await bare.api.get('/v1/jobs').set(bearer(KEY_A));
    expect(JSON.stringify(jobs.body)).not.toContain('list the ingredients');
  });

  it('refuses the instruction on crawl and on search with fetch_results too', async () => {
    const extract = { mode: 'instruction', instruction: 'summarise' };
    const crawl = await withKey(bare.api, KEY_A).post('/v1/crawl', { seeds: [`${site.url}/catalogue`], output: ['json'], extract });
    expect(crawl.status).toBe(422);
    expect(crawl.body.error.code).toBe('llm_unavailable');
    const search = await withKey(bare.api, KEY_A).post('/v1/search', { query: 'kettle', fetch_results: true, output: ['json'], extract });
    expect(search.status).toBe(422);
    expect(search.body.error.code).toBe('llm_unavailable');
  });

  it('answers 400 for a JSON Schema that ajv cannot compile', async () => {
    const res = await withKey(bare.api, KEY_A).post('/v1/fetch', {
      url: `${site.url}/recipe-jsonld`,
      output: ['json'],
      extract: { mode: 'schema', schema: { type: 'object', properties: { a: { type: 'no-such-type' } } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain('not a usable JSON Schema');
  });
});

describe('compat.strict', () => {
  it('rejects the EXT extract fields (engine, a JSON Schema) like the hosted API', async () => {
    const strict = await startTestServer({ compat: { strict: true } });
    try {
      const engine = await withKey(strict.api, KEY_A).post('/v1/fetch', {
        url: `${site.url}/recipe-jsonld`,
        output: ['json'],
        extract: { mode: 'schema', schema: { name: 'the name' }, engine: 'heuristic' },
      });
      expect(engine.status).toBe(400);
      const jsonSchema = await withKey(strict.api, KEY_A).post('/v1/fetch', {
        url: `${site.url}/recipe-jsonld`,
        output: ['json'],
        extract: { mode: 'schema', schema: { type: 'object', properties: {} } },
      });
      expect(jsonSchema.status).toBe(400);
    } finally {
      await strict.stop();
    }
  });
});
