import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { BrowserPool } from '../../../src/engine/browser/browser-pool';
import { NetworkPolicy } from '../../../src/engine/network/network-policy';
import type { InteractAction } from '../../../src/surfaces/interact/interact-actions';
import { runInteraction, type InteractionOptions } from '../../../src/surfaces/interact/interact-render';
import { emptySessionState } from '../../../src/engine/browser/session-state';
import { startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { closePoolAndCheck } from '../../helpers/browser/pool-teardown';
import { interactFixtures } from '../../helpers/browser/interact-pages';

const spec = JSON.parse(readFileSync(`${__dirname}/../../../../shared/api/scrapio-openapi-v1.json`, 'utf8'));
const responseSchema = spec.components.schemas.InteractResponse;
const ajv = new Ajv({ strict: false });
const validSteps = ajv.compile(responseSchema.properties.steps);
const validStepErrors = ajv.compile(responseSchema.properties.diagnostics.properties.step_errors);
const stepKeys = Object.keys(responseSchema.properties.steps.items.properties);

let site: FixtureServer;
let pool: BrowserPool;

beforeAll(async () => {
  site = await startFixtureServer(interactFixtures());
  pool = new BrowserPool({ maxConcurrentPages: 2, retireAfterPages: 100, policy: new NetworkPolicy({ allow: ['127.0.0.1'] }) });
});

afterAll(async () => {
  await closePoolAndCheck(pool);
  await site.close();
});

const interact = (path: string, actions: InteractAction[], extra: Partial<InteractionOptions> = {}) =>
  runInteraction(pool, { url: `${site.origin}${path}`, actions, timeoutMs: 20_000, allowEvaluate: false, ...extra });

/** Steps exactly as the v1 schema wants them, and closed: no property the schema does not name. */
function expectV1Steps(steps: unknown[]): void {
  expect(validSteps(steps)).toBe(true);
  for (const step of steps) for (const key of Object.keys(step as object)) expect(stepKeys).toContain(key);
}

test('login form: type, click, the server sets a cookie and redirects', async () => {
  const { run, document, session } = await interact(
    '/login',
    [
      { type: 'type', selector: '#username', value: 'ada' },
      { type: 'type', selector: '#password', value: 'lovelace' },
      { type: 'click', selector: 'button[type=submit]' },
    ],
    { session: emptySessionState() },
  );
  expectV1Steps(run.steps);
  expect(run.steps.map((step) => [step.step_id, step.type, step.status])).toEqual([
    ['step_1', 'type', 'completed'],
    ['step_2', 'type', 'completed'],
    ['step_3', 'click', 'completed'],
  ]);
  expect(run.failedAt).toBeUndefined();
  expect(document.finalUrl).toBe(`${site.origin}/account`);
  expect(document.text).toContain('Welcome, ada');
  expect(session?.cookies.find((cookie) => cookie.name === 'auth')?.value).toBe('ada');
});

test('press Enter in a field submits its form', async () => {
  const { document } = await interact('/login', [
    { type: 'type', selector: '#username', value: 'grace' },
    { type: 'type', selector: '#password', value: 'hopper' },
    { type: 'press', selector: '#password', key: 'Enter' },
  ]);
  expect(document.text).toContain('Welcome, grace');
});

test('a select box that changes the content', async () => {
  const { run, document } = await interact('/select', [{ type: 'select', selector: '#color', value: 'green' }]);
  expect(run.steps[0].status).toBe('completed');
  expect(document.text).toContain('<p id="shown">You picked green</p>');
});

test('infinite scroll loads more items on each scroll down', async () => {
  const { run, document } = await interact('/infinite', [
    { type: 'scroll', direction: 'down', amount: 10_000 },
    { type: 'scroll', direction: 'down', amount: 10_000 },
  ]);
  expect(run.steps.every((step) => step.status === 'completed')).toBe(true);
  expect(document.text?.match(/class="item"/g)).toHaveLength(40);
});

test('a button that appears after 500 ms: wait_for, then click', async () => {
  const { run, document } = await interact('/late-button', [
    { type: 'wait_for', selector: '#late' },
    { type: 'click', selector: '#late' },
  ]);
  expect(run.steps.map((step) => step.status)).toEqual(['completed', 'completed']);
  expect(document.text).toContain('<p id="result">clicked</p>');
});

test('a failing step stops the run; the page is returned as it stands', async () => {
  const started = Date.now();
  const { run, document } = await interact(
    '/late-button',
    [
      { type: 'wait_ms', duration_ms: 50 },
      { type: 'click', selector: '#missing' },
      { type: 'click', selector: '#late' },
    ],
    { stepTimeoutMs: 500 },
  );
  expect(Date.now() - started).toBeLessThan(8_000);
  expectV1Steps(run.steps);
  expect(run.steps.map((step) => step.status)).toEqual(['completed', 'failed']);
  expect(run.failedAt).toBe(1);
  expect(run.steps[1].error).toEqual({ code: 'selector_not_found', message: expect.stringContaining('#missing') });
  expect(validStepErrors(run.stepErrors)).toBe(true);
  expect(run.stepErrors).toEqual([{ step_id: 'step_2', ...run.steps[1].error }]);
  expect(document.text).toContain('<p id="result">waiting</p>');
  expect(document.finalUrl).toBe(`${site.origin}/late-button`);
});

test('goto a refused URL fails its step with url_not_allowed', async () => {
  const { run } = await interact('/select', [
    { type: 'goto', url: 'http://127.0.0.2:8080/' },
    { type: 'wait_ms', duration_ms: 10 },
  ]);
  expect(run.steps).toHaveLength(1);
  expect(run.steps[0].error?.code).toBe('url_not_allowed');
});

test('goto, EXT screenshot, and evaluate only when allowed', async () => {
  const refused = await interact('/select', [{ type: 'evaluate', script: 'document.title' }]);
  expect(refused.run.steps[0]).toMatchObject({ status: 'failed', error: { code: 'invalid_request' } });
  expect(refused.run.steps[0].error?.message).toContain('interact.allowEvaluate');

  const { run, document } = await interact(
    '/select',
    [
      { type: 'goto', url: `${site.origin}/late-button` },
      { type: 'screenshot', full_page: false },
      { type: 'evaluate', script: '(async () => document.title + "!")()' },
    ],
    { allowEvaluate: true },
  );
  expect(run.steps.map((step) => step.status)).toEqual(['completed', 'completed', 'completed']);
  expect(run.screenshots[0].step_id).toBe('step_2');
  expect(run.screenshots[0].png.subarray(1, 4).toString()).toBe('PNG');
  expect(run.evaluations).toEqual([{ step_id: 'step_3', value: 'Late button!' }]);
  expect(document.finalUrl).toBe(`${site.origin}/late-button`);
});

test('an unknown key and a bad selector fail with invalid_request', async () => {
  const key = await interact('/select', [{ type: 'press', key: 'NoSuchKey' }]);
  expect(key.run.steps[0].error?.code).toBe('invalid_request');
  const selector = await interact('/select', [{ type: 'click', selector: '##' }], { stepTimeoutMs: 1_000 });
  expect(selector.run.steps[0].error?.code).toBe('invalid_request');
});

test('steps that outlast timeout_ms fail, and outputs still come back', async () => {
  // 10 s, not less: the step only gets what opening the page leaves, and on a loaded machine opening (and reading
  // the page after) can take seconds; with nothing left the run fails with `timeout`, which is not what this tests.
  const { run, document } = await interact('/select', [{ type: 'wait_for', selector: '#never' }], { timeoutMs: 10_000, stepTimeoutMs: 60_000 });
  expect(run.steps[0]).toMatchObject({ status: 'failed', error: { code: 'selector_not_found' } });
  expect(document.text).toContain('id="color"');
});

test('the first navigation failing fails the interaction', async () => {
  await expect(
    runInteraction(pool, { url: 'http://127.0.0.2:8080/', actions: [{ type: 'wait_ms', duration_ms: 1 }], timeoutMs: 10_000, allowEvaluate: false }),
  ).rejects.toMatchObject({ code: 'url_not_allowed' });
});
