import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The `scrapio` bin as package.json declares it (what `npx scrapio` runs): built JavaScript in dist/. */
export const SCRAPIO_BIN = path.join(
  ROOT,
  (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.scrapio,
);

export interface ClientRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningClient {
  child: ChildProcess;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  done: Promise<ClientRun>;
}

/** Starts the built `scrapio` bin with only the given SCRAPIO_* variables (the caller's own are dropped). */
export function startScrapio(args: string[], env: Record<string, string> = {}): RunningClient {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SCRAPIO_')));
  const child = spawn(process.execPath, [SCRAPIO_BIN, ...args], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<ClientRun>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, stderr: () => stderr, done };
}

/** Runs the built `scrapio` bin to completion. */
export function runScrapio(args: string[], env: Record<string, string> = {}): Promise<ClientRun> {
  return startScrapio(args, env).done;
}
