#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version';
import { ApiError } from './api-client';
import { registerCrawl } from './commands/crawl-command';
import { registerFetch } from './commands/fetch-command';
import { registerJobs } from './commands/jobs-command';
import { registerMap } from './commands/map-command';
import { registerSearch } from './commands/search-command';

/** `scrapio`: a command-line client of a scrapio-server (or the hosted API), over HTTP only. */
function buildProgram(): Command {
  const program = new Command('scrapio')
    .description('Command-line client of the Scrapio API (a scrapio-server or the hosted one)')
    .version(VERSION)
    .addOption(new Option('--base-url <url>', 'the server').env('SCRAPIO_BASE_URL').default('http://127.0.0.1:8080'))
    .addOption(new Option('--api-key <key>', 'the API key (Bearer)').env('SCRAPIO_API_KEY'))
    .option('--json', 'print the raw response JSON (for scripts)')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerFetch, registerCrawl, registerMap, registerSearch, registerJobs]) register(program);
  return program;
}

async function main(): Promise<void> {
  const program = buildProgram();
  const json = process.argv.includes('--json');
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here with code 0; usage errors were already printed by commander.
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof ApiError) {
      // Scripts get the error envelope on stdout with --json; people get code and message on stderr either way.
      if (json && error.body !== undefined) process.stdout.write(`${JSON.stringify(error.body, null, 2)}\n`);
      process.stderr.write(`scrapio: ${error.code}: ${error.message}\n`);
    } else {
      process.stderr.write(`scrapio: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exitCode = 1;
  }
}

void main();
