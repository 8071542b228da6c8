import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { html, startFixtureServer } from '../../helpers/fixture-server';
import { guidePythonLoop, localiseGuide, pythonWithRequests } from '../../helpers/hosted-guide';
import { KEY_A, startTestServer, tempDir } from '../../helpers/test-server';

/**
 * The hosted docs' Python polling loop, run unchanged against a replaying server: recorded once against a local
 * stand-in for https://example.com, then replayed with that site stopped and its port watched for connections.
 */
const run = promisify(execFile);

async function runGuideLoop(serverUrl: string, targetUrl: string): Promise<string> {
  const script = localiseGuide(guidePythonLoop(), serverUrl, targetUrl);
  const { stdout } = await run(pythonWithRequests(), ['-c', script], { env: { ...process.env, SCRAPIO_API_KEY: KEY_A }, timeout: 60000 });
  return stdout;
}

it('runs the Python polling loop from recordings, with the target site gone', async () => {
  const site = await startFixtureServer({
    '/': html(
      '<html><head><title>Example Domain</title></head><body><h1>Example Domain</h1><p>This domain is for use in illustrative examples in documents.</p></body></html>',
    ),
  });
  const target = `${site.url}/`;
  const dir = tempDir('scrapio-guide-recordings-');
  const recording = await startTestServer({ testing: { record: { dir } } });
  try {
    expect(await runGuideLoop(recording.server.url, target)).toContain('Example Domain');
  } finally {
    await recording.stop();
  }
  const port = site.port;
  await site.close();

  let connections = 0;
  const tripwire = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => tripwire.listen(port, '127.0.0.1', resolve));
  const replaying = await startTestServer({ testing: { replay: { dir } } });
  try {
    const stdout = await runGuideLoop(replaying.server.url, target);
    expect(stdout).toContain('Example Domain');
    expect(stdout).toContain('This domain is for use in illustrative examples in documents.');
    expect(connections).toBe(0);
  } finally {
    await replaying.stop();
    await new Promise<void>((resolve) => tripwire.close(() => resolve()));
  }
});
