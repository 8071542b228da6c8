import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import supertest from 'supertest';
import { VERSION } from '../../../src/version';
import { runScrapio, SCRAPIO_BIN, startScrapio } from '../../helpers/client-cli-process';
import { html, startFixtureServer, until, type FixtureServer } from '../../helpers/fixture-server';
import { bearer, KEY_A, startTestServer, stopAll, tempDir, type TestServer } from '../../helpers/test-server';

/**
 * The `scrapio` client as a user runs it: the built bin (package.json `bin.scrapio`) in its own process,
 * talking HTTP to a real server, which fetches local fixture pages through the allow-list.
 */
let fixture: FixtureServer;
let ts: TestServer;
let env: Record<string, string>;
let releaseSlow: () => void = () => {};

const page = (title: string, body: string) => html(`<html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`);

beforeAll(async () => {
  fixture = await startFixtureServer({
    '/': page(
      'Fixture Home',
      '<p>The home page of the fixture site, with links to the guide.</p><a href="/guide/intro">Intro</a> <a href="/guide/setup?lang=en">Setup</a>',
    ),
    '/guide/intro': page('Intro', '<p>An introduction mentioning the okapi, a rare word in this fixture.</p>'),
    '/guide/setup': page('Setup', '<p>How to set things up, step by step.</p>'),
    '/slow': (_req, res) => {
      releaseSlow = () => {
        if (!res.headersSent)
          res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>Slow page</h1><p>Finally here, after the wait.</p></body></html>');
      };
    },
  });
  // A short inline wait, so the promotion test needs no slow page of its own.
  ts = await startTestServer({ inline: { timeoutMs: 2000 } });
  env = { SCRAPIO_BASE_URL: ts.server.url, SCRAPIO_API_KEY: KEY_A };
});

afterAll(async () => {
  releaseSlow();
  await stopAll(ts, fixture);
});

describe('scrapio fetch', () => {
  it('prints the page as markdown by default, as HTML with --html, and the raw response with --json', async () => {
    const markdown = await runScrapio(['fetch', `${fixture.url}/guide/intro`], env);
    expect(markdown).toMatchObject({ code: 0 });
    expect(markdown.stdout).toContain('# Intro');
    expect(markdown.stdout).toContain('okapi');
    expect(markdown.stdout).not.toContain('<p>');

    const htmlRun = await runScrapio(['fetch', `${fixture.url}/guide/intro`, '--html'], env);
    expect(htmlRun.code).toBe(0);
    expect(htmlRun.stdout).toContain('<h1>Intro</h1>');

    // --json after the subcommand works as well as before it.
    const json = await runScrapio(['fetch', `${fixture.url}/guide/intro`, '--json'], env);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.status).toBe('completed');
    expect(body.outputs.markdown).toContain('okapi');
    expect(typeof body.request_id).toBe('string');
  });

  it('exits 1 with the API error code and message for a refused URL; --json prints the error envelope on stdout', async () => {
    const refused = await runScrapio(['fetch', 'http://10.0.0.1/'], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^scrapio: url_not_allowed: URL not allowed: 10\.0\.0\.1/);

    const json = await runScrapio(['--json', 'fetch', 'http://10.0.0.1/'], env);
    expect(json.code).toBe(1);
    const envelope = JSON.parse(json.stdout);
    expect(envelope.error.code).toBe('url_not_allowed');
    expect(typeof envelope.request_id).toBe('string');
  });

  it('waits for the job when the server promotes a slow fetch to async, then prints its result', async () => {
    const run = startScrapio(['--json', 'fetch', `${fixture.url}/slow`], env);
    await until(() => run.stderr().includes('promoted the request to job'), 30000);
    releaseSlow();
    const result = await run.done;
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({ mode: 'async', status: 'completed', job_type: 'fetch' });
    expect(body.outputs.markdown).toContain('Finally here');
  });
});

describe('scrapio auth and connection errors', () => {
  it('reports a wrong key with the API code, and a missing key with how to set one', async () => {
    const wrong = await runScrapio(['--api-key', 'not-a-key', 'fetch', `${fixture.url}/`], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('scrapio: invalid_api_key:');

    const missing = await runScrapio(['fetch', `${fixture.url}/`], { SCRAPIO_BASE_URL: ts.server.url });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing_api_key');
    expect(missing.stderr).toContain('SCRAPIO_API_KEY');
  });

  it('says which server it could not reach, and rejects a malformed server URL', async () => {
    const dead = await startFixtureServer();
    const url = dead.url;
    await dead.close();
    const result = await runScrapio(['fetch', `${fixture.url}/`], { SCRAPIO_BASE_URL: url, SCRAPIO_API_KEY: KEY_A });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`scrapio: cannot_connect: Cannot reach ${url}`);

    const malformed = await runScrapio(['fetch', `${fixture.url}/`], { SCRAPIO_BASE_URL: 'localhost:8080', SCRAPIO_API_KEY: KEY_A });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain(
      'scrapio: invalid_argument: The server URL must be an http(s) URL (--base-url or SCRAPIO_BASE_URL), got "localhost:8080".',
    );
  });
});

describe('scrapio crawl, map, search', () => {
  it('crawl --out writes one markdown file per page under a safe name, with no progress bar when stderr is not a terminal', async () => {
    const out = path.join(tempDir('scrapio-cli-out-'), 'pages');
    const result = await runScrapio(['crawl', `${fixture.url}/`, '--max-pages', '3', '--out', out], env);
    expect(result.code).toBe(0);
    const host = `127.0.0.1_${fixture.port}`;
    expect(fs.readdirSync(out).sort()).toEqual([`${host}_guide_intro.md`, `${host}_guide_setup_lang_en.md`, `${host}_index.md`]);
    expect(fs.readFileSync(path.join(out, `${host}_guide_intro.md`), 'utf8')).toContain('okapi');
    expect(fs.readFileSync(path.join(out, `${host}_index.md`), 'utf8')).toContain('# Fixture Home');
    // stdout maps each file to its URL; stderr has the job id and summary but no escape codes of a bar.
    expect(result.stdout).toContain(`${path.join(out, `${host}_guide_setup_lang_en.md`)}\t${fixture.url}/guide/setup?lang=en`);
    expect(result.stderr).toMatch(/crawl job job_\S+/);
    expect(result.stderr).toContain('crawl completed: 3 page(s)');
    expect(result.stderr).not.toContain('\u001b[');
  });

  it('crawl draws its progress bar (pages done/discovered, rate, ETA) on stderr when that is a terminal, never on stdout', async () => {
    // script(1) (util-linux, in every Debian) gives the command a pseudo-terminal; stdout goes to a file.
    const dir = tempDir('scrapio-cli-tty-');
    const listing = path.join(dir, 'stdout.txt');
    const command = [process.execPath, SCRAPIO_BIN, 'crawl', `${fixture.url}/`, '--max-pages', '3', '--out', path.join(dir, 'pages')]
      .map((arg) => `'${arg}'`)
      .join(' ');
    const terminal = await new Promise<string>((resolve) => {
      let output = '';
      const child = spawn('script', ['-qec', `${command} > '${listing}'`, '/dev/null'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'ignore'] });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('close', () => resolve(output));
    });
    expect(terminal).toMatch(/crawl \[=+\] 3\/3 pages \| [\d.]+ pages\/s \| ETA/);
    const stdout = fs.readFileSync(listing, 'utf8');
    expect(stdout.trim().split('\n')).toHaveLength(3);
    expect(stdout).not.toContain('\u001b');
  });

  it('crawl --json prints the whole job result', async () => {
    const result = await runScrapio(['crawl', `${fixture.url}/`, '--max-pages', '2', '--json'], env);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({ job_type: 'crawl', status: 'completed' });
    expect(body.result.pages.map((entry: { url: string }) => entry.url)).toEqual([`${fixture.url}/`, `${fixture.url}/guide/intro`]);
  });

  it('map lists the URLs, one per line', async () => {
    const result = await runScrapio(['map', `${fixture.url}/`], env);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual([`${fixture.url}/`, `${fixture.url}/guide/intro`, `${fixture.url}/guide/setup?lang=en`].sort());
  });

  it('search --local finds a page this key has fetched', async () => {
    await runScrapio(['fetch', `${fixture.url}/guide/intro`], env);
    const result = await runScrapio(['search', 'okapi', '--local'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1\. Intro\n/);
    expect(result.stdout).toContain(`${fixture.url}/guide/intro`);
  });
});

describe('scrapio jobs', () => {
  it('lists, gets, reads the result of and cancels jobs', async () => {
    const slowHits = () => fixture.hits.filter((hit) => hit === 'GET /slow').length;
    const before = slowHits();
    const submitted = await supertest(ts.server.url)
      .post('/v1/jobs')
      .set(bearer(KEY_A))
      .send({ kind: 'crawl', input: { seeds: [`${fixture.url}/slow`], max_pages: 1 } });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.job_id as string;
    // Running, and held at the slow page.
    await until(() => slowHits() > before);

    const listed = await runScrapio(['jobs', 'list', '--kind', 'crawl', '--limit', '1'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(new RegExp(`^${jobId}\tcrawl\t(queued|running)\t`));

    const cancelled = await runScrapio(['jobs', 'cancel', jobId], env);
    expect(cancelled).toMatchObject({ code: 0, stdout: `${jobId}\tcancelled\n` });
    releaseSlow();

    const got = await runScrapio(['jobs', 'get', jobId, '--json'], env);
    expect(JSON.parse(got.stdout)).toMatchObject({ job_id: jobId, status: 'cancelled' });
    const result = await runScrapio(['jobs', 'result', jobId], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ job_id: jobId, job_type: 'crawl', status: 'cancelled' });

    const unknown = await runScrapio(['jobs', 'get', 'job_doesnotexist0000000000'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('scrapio: job_not_found:');
  });
});

describe('npx scrapio in a clone', () => {
  it('the prepare step links the scrapio bin into node_modules/.bin, where npx finds it', async () => {
    const root = path.resolve(__dirname, '../../..');
    const linked = await new Promise<number | null>((resolve) =>
      spawn(process.execPath, [path.join(root, 'scripts/link-local-bin.js')], { stdio: 'ignore' }).once('exit', resolve),
    );
    expect(linked).toBe(0);
    const bin = path.join(root, 'node_modules/.bin/scrapio');
    expect(fs.realpathSync(bin)).toBe(SCRAPIO_BIN);
    // Run through the link itself (its shebang), as npx does.
    const version = await new Promise<string>((resolve) => {
      let stdout = '';
      const child = spawn(bin, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.once('close', () => resolve(stdout));
    });
    expect(version).toBe(`${VERSION}\n`);
  });
});
