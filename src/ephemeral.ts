import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from './config/config-schema';
import { createLogger } from './logger';
import { startServer } from './main';

/** What `--ephemeral` prints, as one JSON line on stdout, once the server answers. */
export interface EphemeralAnnouncement {
  url: string;
  apiKey: string;
  pid: number;
}

/**
 * `scrapio-server --ephemeral`: a throwaway server for a test run. The store lives in a fresh temp directory,
 * a fresh key is generated (keys from config or SCRAPIO_API_KEYS keep working beside it), logs go to stderr so
 * that stdout carries exactly one JSON line, and the process stops and deletes its directory when stdin closes
 * (the parent test runner exited or closed the pipe) or on SIGTERM/SIGINT. Tying the lifetime to stdin means
 * a test runner that crashes cannot leave a server behind.
 */
export async function runEphemeral(loaded: Config): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrapio-ephemeral-'));
  const apiKey = `sk_test_${crypto.randomBytes(24).toString('base64url')}`;
  const config: Config = {
    ...loaded,
    server: { ...loaded.server, dataDir },
    auth: { ...loaded.auth, apiKeys: [...loaded.auth.apiKeys, apiKey] },
  };
  const removeDataDir = () => fs.rmSync(dataDir, { recursive: true, force: true });

  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config, { logger: createLogger(config.log.level, 2) });
  } catch (error) {
    removeDataDir();
    throw error;
  }

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`scrapio-server --ephemeral: ${reason}, stopping and removing ${dataDir}\n`);
    server.stop().then(
      () => {
        removeDataDir();
        process.exit(0);
      },
      (error: unknown) => {
        removeDataDir();
        process.stderr.write(`Shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.stdin.on('end', () => stop('stdin closed'));
  process.stdin.on('close', () => stop('stdin closed'));
  process.stdin.on('error', () => stop('stdin closed'));
  // Read (and discard) stdin: 'end' only fires on a flowing stream.
  process.stdin.resume();

  const announcement: EphemeralAnnouncement = { url: server.url, apiKey, pid: process.pid };
  process.stdout.write(`${JSON.stringify(announcement)}\n`);
}
