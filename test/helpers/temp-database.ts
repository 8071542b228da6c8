import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../src/db/database';

/**
 * A fresh, migrated SQLite file per test (beforeEach), closed and deleted afterwards (afterEach). Call at the
 * top of a test file; read `.db` (or the raw `.sqlite`) inside tests and hooks.
 */
export function useTempDatabase(): Pick<OpenedDatabase, 'db' | 'sqlite'> {
  let dir: string | undefined;
  let opened: OpenedDatabase | undefined;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrapio-test-db-'));
    opened = await openDatabase(path.join(dir, 'test.db'));
  });
  afterEach(async () => {
    await opened?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const current = (): OpenedDatabase => {
    if (!opened) throw new Error('useTempDatabase: the database exists inside tests and hooks only');
    return opened;
  };
  return {
    get db() {
      return current().db;
    },
    get sqlite() {
      return current().sqlite;
    },
  };
}
