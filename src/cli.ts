#!/usr/bin/env node
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config/config-schema';
import { ConfigError, loadConfig, type CliFlags } from './config/load-config';
import { runEphemeral } from './ephemeral';
import { createLogger } from './logger';
import { startServer } from './main';
import { runMcpStdio, type EmbeddedServer } from './mcp/stdio';
import { VERSION } from './version';

const HELP = `scrapio-server ${VERSION}: a self-hosted, wire-compatible Scrapio API server

Usage: scrapio-server [--port N] [--host H] [--data-dir DIR] [--config FILE] [--record DIR | --replay DIR]
       scrapio-server --ephemeral [--config FILE] [--record DIR | --replay DIR]
       scrapio-server mcp [--data-dir DIR] [--config FILE]   MCP over stdio (to SCRAPIO_BASE_URL, else an embedded server)

  --port      TCP port (default 8080; 0 picks a free port)      env SCRAPIO_PORT
  --host      interface to bind (default 127.0.0.1)              env SCRAPIO_HOST
  --data-dir  SQLite database, keys and files (default ./data)   env SCRAPIO_DATA_DIR
  --config    config file (default ./scrapio.config.json)        env SCRAPIO_CONFIG
  --record    store every exchange with a target in DIR          testing.record.dir
  --replay    answer target requests from the recordings in DIR  testing.replay.dir
  --ephemeral for test runs: a free port on 127.0.0.1, a temp-dir store and a generated key; prints one JSON
              line {"url","apiKey","pid"} on stdout (logs go to stderr), stops and deletes the store when
              stdin closes or on SIGTERM. The allow-list still comes from config or SCRAPIO_ALLOW_HOSTS.
  Other env: SCRAPIO_API_KEYS (comma-separated), SCRAPIO_ALLOW_HOSTS (host, host:port or CIDR, comma-separated).
`;

/** --record / --replay: testing.record.dir / testing.replay.dir, applied over the loaded config. */
interface TestingFlags {
  record?: string;
  replay?: string;
}

function parseFlags(argv: string[]): (CliFlags & TestingFlags & { ephemeral: boolean }) | 'help' | 'version' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      record: { type: 'string' },
      replay: { type: 'string' },
      ephemeral: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !Number.isInteger(port)) throw new ConfigError(`--port must be an integer, got "${values.port}"`);
  if (values.record !== undefined && values.replay !== undefined) throw new ConfigError('--record and --replay cannot be used together');
  const testing = { record: values.record, replay: values.replay };
  if (values.ephemeral && values['data-dir'] !== undefined) throw new ConfigError('--ephemeral uses a temp directory of its own: drop --data-dir');
  if (values.ephemeral) return { port: port ?? 0, host: values.host ?? '127.0.0.1', config: values.config, ephemeral: true, ...testing };
  return { port, host: values.host, dataDir: values['data-dir'], config: values.config, ephemeral: false, ...testing };
}

/** A flag picks the mode outright: the other mode's directory from the config file is dropped. */
function withTestingFlags(config: Config, flags: TestingFlags): Config {
  if (flags.record === undefined && flags.replay === undefined) return config;
  const { testing } = config;
  return {
    ...config,
    testing: { ...testing, record: { ...testing.record, dir: flags.record }, replay: { ...testing.replay, dir: flags.replay } },
  };
}

/** `scrapio-server mcp` without SCRAPIO_BASE_URL: a server on the local data directory, loopback only, logging to stderr. */
async function startEmbedded(argv: string[]): Promise<EmbeddedServer> {
  const flags = parseFlags(argv);
  if (typeof flags === 'string') throw new ConfigError('scrapio-server mcp takes --data-dir and --config only');
  const config = loadConfig({ ...flags, port: 0, host: '127.0.0.1' });
  const server = await startServer(config, { logger: createLogger(config.log.level, 2) });
  const apiKey =
    server.generatedApiKey ??
    (server.apiKeySource === 'data-dir' ? fs.readFileSync(path.join(server.dataDir, 'api-key'), 'utf8').trim() : config.auth.apiKeys[0]);
  return { url: server.url, apiKey, stop: () => server.stop() };
}

async function main(): Promise<void> {
  if (process.argv[2] === 'mcp') return runMcpStdio(process.env, () => startEmbedded(process.argv.slice(3)));
  const flags = parseFlags(process.argv.slice(2));
  if (flags === 'help') return void process.stdout.write(HELP);
  if (flags === 'version') return void process.stdout.write(`${VERSION}\n`);
  const config = withTestingFlags(loadConfig(flags), flags);
  if (flags.ephemeral) return runEphemeral(config);
  const server = await startServer(config);

  // The startup lines go to stderr so they stand out from the JSON logs on stdout; the listening line comes
  // last, so whoever waits for it has the key lines already.
  if (server.generatedApiKey) {
    process.stderr.write(`Generated an API key (stored in ${server.dataDir}/api-key, shown once):\n  ${server.generatedApiKey}\n`);
  } else if (server.apiKeySource === 'data-dir') {
    process.stderr.write(`Using the API key stored in ${server.dataDir}/api-key\n`);
  }
  process.stderr.write(`scrapio-server ${VERSION} listening on ${server.url}\n`);

  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      process.stderr.write(`Second ${signal}: exiting now.\n`);
      process.exit(1);
    }
    process.stderr.write(`${signal}: shutting down gracefully (again to force)...\n`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`scrapio-server: ${message}\n`);
  process.exit(1);
});
