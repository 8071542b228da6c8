import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { startScriptedModel, type ScriptedModel } from '../../helpers/scripted-model';
import { expectSpecValid } from '../../helpers/spec-validator';
import { KEY_A, startTestServer, type TestServer, withKey, stopAll } from '../../helpers/test-server';

/** The price is only on the page after the click: the extraction must read the final page, not the first load. */
const PAGE = `<!doctype html><html><head><title>Deal</title></head><body><main><h1>Mystery Deal</h1>
<p>Click to reveal today's offer.</p><button id="reveal">Reveal</button><div id="offer"></div>
<script>document.getElementById('reveal').addEventListener('click', () => {
  document.getElementById('offer').innerHTML = '<p>Today only: the Orbit Mouse for $19.99, in stock.</p>';
});</script></main></body></html>`;

let site: FixtureServer;
let model: ScriptedModel;
let ts: TestServer;

beforeAll(async () => {
  site = await startFixtureServer({ '/deal': html(PAGE) });
  model = await startScriptedModel((call) => ({ json: { price: /\$(\d+\.\d+)/.exec(call.page)?.[1] ?? null } }));
  ts = await startTestServer({ llm: { baseUrl: model.baseUrl, model: 'scripted-1' }, workers: { maxAttempts: 1 } });
});

afterAll(() => stopAll(ts, model, site));

it('POST /v1/interact extracts the schema from the page as the actions left it', async () => {
  const res = await withKey(ts.api, KEY_A).post('/v1/interact', {
    url: `${site.url}/deal`,
    actions: [
      { type: 'click', selector: '#reveal' },
      { type: 'wait_for', selector: '#offer p' },
    ],
    output: ['json'],
    extract: { mode: 'schema', schema: { price: 'the offer price, a number' } },
  });
  expect(res.status).toBe(200);
  expectSpecValid('InteractResponse', res.body);
  expect(res.body.result.outputs.json).toEqual({ price: 19.99 });
  expect(model.calls).toHaveLength(1);
  expect(model.calls[0].page).toContain('Today only');
}, 60000);
