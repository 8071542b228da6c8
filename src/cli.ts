#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type CliFlags } from './config/load-config';
import { runEphemeral } from './ephemeral';
import { startServer } from './main';
import { VERSION } from './version';

const HELP = `scrapio-server ${VERSION}: a self-hosted, wire-compatible Scrapio API server

Usage: scrapio-server [--port N] [--host H] [--data-dir DIR] [--config FILE]
       scrapio-server --ephemeral [--config FILE]

  --port      TCP port (default 8080; 0 picks a free port)      env SCRAPIO_PORT
  --host      interface to bind (default 127.0.0.1)              env SCRAPIO_HOST
  --data-dir  SQLite database, keys and files (default ./data)   env SCRAPIO_DATA_DIR
  --config    config file (default ./scrapio.config.json)        env SCRAPIO_CONFIG
  --ephemeral for test runs: a free port on 127.0.0.1, a temp-dir store and a generated key; prints one JSON
              line {"url","apiKey","pid"} on stdout (logs go to stderr), stops and deletes the store when
              stdin closes or on SIGTERM. The allow-list still comes from config or SCRAPIO_ALLOW_HOSTS.
  Other env: SCRAPIO_API_KEYS (comma-separated), SCRAPIO_ALLOW_HOSTS (host, host:port or CIDR, comma-separated).
`;

function parseFlags(argv: string[]): (CliFlags & { ephemeral: boolean }) | 'help' | 'version' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
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
  if (values.ephemeral && values['data-dir'] !== undefined) throw new ConfigError('--ephemeral uses a temp directory of its own: drop --data-dir');
  if (values.ephemeral) return { port: port ?? 0, host: values.host ?? '127.0.0.1', config: values.config, ephemeral: true };
  return { port, host: values.host, dataDir: values['data-dir'], config: values.config, ephemeral: false };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags === 'help') return void process.stdout.write(HELP);
  if (flags === 'version') return void process.stdout.write(`${VERSION}\n`);
  if (flags.ephemeral) return runEphemeral(loadConfig(flags));
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
