import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/load-config';
import { configSchema } from '../../../src/config/config-schema';
import { tempDir } from '../../helpers/test-server';

describe('loadConfig', () => {
  it('layers defaults < file < env < flags', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'scrapio.config.json'),
      JSON.stringify({ server: { port: 9000, host: '127.0.0.2' }, limits: { crawl: { maxPages: 500 } } }),
    );
    const fromFile = loadConfig({}, {}, dir);
    expect(fromFile.server.port).toBe(9000);
    expect(fromFile.limits.crawl.maxPages).toBe(500);
    expect(fromFile.limits.crawl.maxDepth).toBe(5);
    const fromEnv = loadConfig(
      {},
      { SCRAPIO_PORT: '9100', SCRAPIO_API_KEYS: 'key-one-123, key-two-456', SCRAPIO_ALLOW_HOSTS: '127.0.0.1,localhost:3000' },
      dir,
    );
    expect(fromEnv.server.port).toBe(9100);
    expect(fromEnv.server.host).toBe('127.0.0.2');
    expect(fromEnv.auth.apiKeys).toEqual(['key-one-123', 'key-two-456']);
    expect(fromEnv.network.allow).toEqual(['127.0.0.1', 'localhost:3000']);
    const fromFlags = loadConfig({ port: 0, dataDir: '/tmp/x' }, { SCRAPIO_PORT: '9100' }, dir);
    expect(fromFlags.server.port).toBe(0);
    expect(fromFlags.server.dataDir).toBe('/tmp/x');
    expect(Object.isFrozen(fromFlags.server)).toBe(true);
  });

  it('names the key path and reason of an invalid value or unknown key', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ retention: { pruneSchedule: 'every minute' }, workers: { concurency: 3 } }));
    expect(() => loadConfig({ config: path.join(dir, 'c.json') }, {}, dir)).toThrow(ConfigError);
    expect(() => loadConfig({ config: path.join(dir, 'c.json') }, {}, dir)).toThrow(/retention\.pruneSchedule: not a valid node-cron expression/);
    expect(() => loadConfig({ config: path.join(dir, 'c.json') }, {}, dir)).toThrow(/workers\.concurency: unknown key/);
    expect(() => loadConfig({}, { SCRAPIO_PORT: 'eighty' }, dir)).toThrow(/SCRAPIO_PORT must be an integer/);
    expect(() => loadConfig({ config: 'missing.json' }, {}, dir)).toThrow(/Config file not found/);
  });

  it('ships scrapio.config.json with exactly the built-in defaults', () => {
    const shipped = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../scrapio.config.json'), 'utf8'));
    const { $comment: _comment, ...values } = shipped;
    expect(configSchema.parse(values)).toEqual(configSchema.parse({}));
    expect(values).toEqual(JSON.parse(JSON.stringify(configSchema.parse({}))));
  });
});

describe('deprecated keys', () => {
  test('browser.maxPages still works as browser.maxConcurrentPages, with one warning', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'scrapio.config.json'), JSON.stringify({ browser: { maxPages: 3 } }));
    const warnings: string[] = [];
    const config = loadConfig({}, {}, dir, (message) => warnings.push(message));
    expect(config.browser.maxConcurrentPages).toBe(3);
    expect(warnings).toEqual(['Config key browser.maxPages is deprecated: use browser.maxConcurrentPages (same meaning).']);
  });

  test('the new name wins when both are set', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'scrapio.config.json'), JSON.stringify({ browser: { maxPages: 3, maxConcurrentPages: 5 } }));
    expect(loadConfig({}, {}, dir, () => undefined).browser.maxConcurrentPages).toBe(5);
  });

  test('no warning when the new name is used', () => {
    const warnings: string[] = [];
    loadConfig({}, {}, tempDir(), (message) => warnings.push(message));
    expect(warnings).toEqual([]);
  });
});
