#!/usr/bin/env node
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type CliFlags } from './config/load-config';
import { createLogger } from './logger';
import { startServer } from './main';
import { runMcpStdio, type EmbeddedServer } from './mcp/stdio';
import { VERSION } from './version';

const HELP = `scrapio-server ${VERSION}: a self-hosted, wire-compatible Scrapio API server

Usage: scrapio-server [--port N] [--host H] [--data-dir DIR] [--config FILE]
       scrapio-server mcp [--data-dir DIR] [--config FILE]   MCP over stdio (to SCRAPIO_BASE_URL, else an embedded server)

  --port      TCP port (default 8080; 0 picks a free port)      env SCRAPIO_PORT
  --host      interface to bind (default 127.0.0.1)              env SCRAPIO_HOST
  --data-dir  SQLite database, keys and files (default ./data)   env SCRAPIO_DATA_DIR
  --config    config file (default ./scrapio.config.json)        env SCRAPIO_CONFIG
  Other env: SCRAPIO_API_KEYS (comma-separated), SCRAPIO_ALLOW_HOSTS (host, host:port or CIDR, comma-separated).
`;

function parseFlags(argv: string[]): CliFlags | 'help' | 'version' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !Number.isInteger(port)) throw new ConfigError(`--port must be an integer, got "${values.port}"`);
  return { port, host: values.host, dataDir: values['data-dir'], config: values.config };
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
  const config = loadConfig(flags);
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
