import fs from 'node:fs';
import path from 'node:path';
import { fromExchangeFile, toExchangeFile, type RecordedResponse } from './exchange-file';
import { sha256, type ExchangeKey } from './exchange-key';

/**
 * A directory of recordings: `exchanges/<host-path>-<hash>.json`, one file per exchange (exchange-file.ts), and
 * `index.json`, the table of contents (key, status, file), kept sorted by key. The files themselves are the
 * truth: the store reads every `exchanges/*.json` at start, so a file edited, added or deleted by hand counts.
 * Writes are synchronous and small (tests, not production traffic), each file written whole then renamed, so a
 * reader never sees half a file.
 */

interface IndexEntry {
  key: string;
  status: number;
  file: string;
}

export class RecordingStore {
  readonly dir: string;
  readonly #exchanges = new Map<string, { file: string; status: number; response: RecordedResponse }>();

  /** Reads the recordings already in `dir` (creating it when `create`); throws a plain Error naming a malformed file. */
  constructor(dir: string, options: { create: boolean }) {
    this.dir = path.resolve(dir);
    const exchangesDir = path.join(this.dir, 'exchanges');
    if (options.create) fs.mkdirSync(exchangesDir, { recursive: true });
    else if (!fs.existsSync(this.dir)) throw new Error(`Replay directory ${this.dir} does not exist (testing.replay.dir / --replay).`);
    const names = fs.existsSync(exchangesDir) ? fs.readdirSync(exchangesDir).filter((name) => name.endsWith('.json')) : [];
    for (const name of names.sort()) {
      const file = `exchanges/${name}`;
      const { key, response } = fromExchangeFile(readJson(path.join(this.dir, file), file), file);
      this.#exchanges.set(key.key, { file, status: response.status, response });
    }
  }

  get size(): number {
    return this.#exchanges.size;
  }

  find(key: ExchangeKey): RecordedResponse | undefined {
    return this.#exchanges.get(key.key)?.response;
  }

  /** Stores (or replaces) the exchange under its key and rewrites the index. */
  save(key: ExchangeKey, response: RecordedResponse): void {
    const file = this.#exchanges.get(key.key)?.file ?? `exchanges/${fileNameOf(key)}`;
    fs.mkdirSync(path.join(this.dir, 'exchanges'), { recursive: true }); // a replay directory may have none yet
    writeWhole(path.join(this.dir, file), `${JSON.stringify(toExchangeFile(key, response), null, 2)}\n`);
    this.#exchanges.set(key.key, { file, status: response.status, response });
    const entries: IndexEntry[] = [...this.#exchanges].map(([entryKey, entry]) => ({ key: entryKey, status: entry.status, file: entry.file }));
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    writeWhole(path.join(this.dir, 'index.json'), `${JSON.stringify({ exchanges: entries }, null, 2)}\n`);
  }
}

/** "127.0.0.1_4000-about-page-3f2a9c1b7d4e.json": readable enough to find by eye, unique by the key's hash. */
function fileNameOf(key: ExchangeKey): string {
  const url = new URL(key.url);
  const readable = `${key.method.toLowerCase()}-${url.host}${url.pathname}`
    .replace(/[^a-zA-Z0-9.]+/g, '-')
    .replace(/-+$/, '')
    .slice(0, 80);
  return `${readable}-${sha256(key.key).slice(0, 12)}.json`;
}

function readJson(file: string, name: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Recording ${name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function writeWhole(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}
