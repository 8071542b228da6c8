import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { GUIDE, guidePythonLoop, localiseGuide, pythonWithRequests } from '../../helpers/hosted-guide';
import { expectSpecValid } from '../../helpers/spec-validator';
import { KEY_A, startTestServer, type TestServer, stopAll } from '../../helpers/test-server';

/**
 * The hosted docs' async-jobs page, run as written: only the base URL, the key, the target
 * (https://example.com → a local fixture, since tests reach 127.0.0.1 only) and the sample job id are swapped.
 */
const run = promisify(execFile);

let fixture: FixtureServer;
let ts: TestServer;

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/': html(
      '<html><head><title>Example Domain</title></head><body><h1>Example Domain</h1><p>This domain is for use in illustrative examples in documents.</p></body></html>',
    ),
  });
  ts = await startTestServer();
});

afterAll(() => stopAll(ts, fixture));

/** Each `curl …` command of the guide, verbatim: backslash continuations and multi-line quoted bodies included. */
function curlCommands(): string[] {
  const lines = GUIDE.split('\n');
  const commands: string[] = [];
  const openQuote = (text: string) => (text.split("'").length - 1) % 2 === 1;
  for (let i = 0; i < lines.length; i += 1) {
    if (!lines[i].startsWith('curl ')) continue;
    let command = lines[i];
    while ((command.endsWith('\\') || openQuote(command)) && i + 1 < lines.length) command = `${command}\n${lines[++i]}`;
    commands.push(command);
  }
  return commands;
}

function localise(text: string, jobId = 'job_abc123'): string {
  return localiseGuide(text, ts.server.url, `${fixture.url}/`, jobId);
}

async function sh(command: string): Promise<Record<string, any>> {
  const { stdout } = await run('bash', ['-c', command], { env: { ...process.env, SCRAPIO_API_KEY: KEY_A } });
  return JSON.parse(stdout);
}

describe('the hosted async-jobs guide, unchanged', () => {
  it('runs the curl submit → poll → result flow', async () => {
    const [submitCmd, pollCmd, resultCmd] = curlCommands();
    const submitted = await sh(localise(submitCmd));
    expectSpecValid('AsyncJobAcceptedResponse', submitted);
    expect(submitted).toMatchObject({ mode: 'async', status: 'queued' });
    // The guide's submit asks for render_js: true: Chromium renders the page.
    let status = await sh(localise(pollCmd, submitted.job_id));
    while (!['completed', 'partial', 'failed', 'cancelled'].includes(status.status)) status = await sh(localise(pollCmd, submitted.job_id));
    expectSpecValid('JobResponse', status);
    const result = await sh(localise(resultCmd, submitted.job_id));
    expect(status.status).toBe('completed');
    expectSpecValid('JobResultResponse', result);
    expect(result.outputs.markdown).toContain('Example Domain');
  });

  it('runs the idempotency example twice: one job, replayed', async () => {
    const idempotent = curlCommands().find((command) => command.includes('Idempotency-Key'))!;
    const first = await sh(localise(idempotent));
    const second = await sh(localise(idempotent));
    expect(second.job_id).toBe(first.job_id);
    const changed = await sh(localise(idempotent).replace('"output": ["markdown"]', '"output": ["html"]'));
    expect(changed.error.code).toBe('idempotency_conflict');
  });

  it('runs the Python polling loop and prints the markdown', async () => {
    const script = localise(guidePythonLoop());
    const { stdout } = await run(pythonWithRequests(), ['-c', script], { env: { ...process.env, SCRAPIO_API_KEY: KEY_A }, timeout: 60000 });
    expect(stdout).toContain('Example Domain');
  });
});
