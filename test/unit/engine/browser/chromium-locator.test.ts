import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateChromium } from '../../../../src/engine/browser/chromium-locator';

let dir: string;
let executable: string;
let plainFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'locator-'));
  executable = join(dir, 'chromium');
  writeFileSync(executable, '#!/bin/sh\n');
  chmodSync(executable, 0o755);
  plainFile = join(dir, 'not-executable');
  writeFileSync(plainFile, '');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('config wins over env, env over well-known paths', () => {
  expect(locateChromium({ executablePath: executable, env: { PUPPETEER_EXECUTABLE_PATH: '/nope' }, candidates: [] })).toBe(executable);
  expect(locateChromium({ env: { PUPPETEER_EXECUTABLE_PATH: executable }, candidates: ['/nope'] })).toBe(executable);
  expect(locateChromium({ env: {}, candidates: [join(dir, 'missing'), plainFile, dir, executable] })).toBe(executable);
});

test('an explicit path that is not executable is an error naming where it came from', () => {
  expect(() => locateChromium({ executablePath: plainFile, env: {}, candidates: [executable] })).toThrow(
    expect.objectContaining({ code: 'browser_unavailable', message: expect.stringContaining('browser.executablePath') }),
  );
  expect(() => locateChromium({ env: { PUPPETEER_EXECUTABLE_PATH: '/nope' }, candidates: [executable] })).toThrow(/PUPPETEER_EXECUTABLE_PATH/);
});

test('nothing found: 503 browser_unavailable with the install command', () => {
  expect(() => locateChromium({ env: {}, candidates: [join(dir, 'missing')] })).toThrow(
    expect.objectContaining({
      code: 'browser_unavailable',
      status: 503,
      message: expect.stringContaining('apt-get install -y chromium'),
    }),
  );
});

test("the real binary is preferred to Debian's wrapper script", () => {
  expect(locateChromium({ env: {} })).toBe('/usr/lib/chromium/chromium');
});
