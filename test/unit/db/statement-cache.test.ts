import BetterSqlite3 from 'better-sqlite3';
import { cachingPrepare } from '../../../src/db/statement-cache';

function memoryDb(): BetterSqlite3.Database {
  const sqlite = new BetterSqlite3(':memory:');
  sqlite.exec('CREATE TABLE t (n INTEGER)');
  sqlite.exec('INSERT INTO t VALUES (1), (2), (3)');
  return sqlite;
}

describe('cachingPrepare', () => {
  it('returns the same prepared statement for the same SQL text', () => {
    const db = cachingPrepare(memoryDb());
    const first = db.prepare('SELECT n FROM t WHERE n > ?');
    expect(db.prepare('SELECT n FROM t WHERE n > ?')).toBe(first);
    expect(first.all([1])).toEqual([{ n: 2 }, { n: 3 }]);
    expect(db.prepare('SELECT n FROM t WHERE n > ?').all([2])).toEqual([{ n: 3 }]);
    expect(db.prepare('SELECT n FROM t')).not.toBe(first);
    db.close();
  });

  it('stays bounded, evicting the least recently used statement', () => {
    const db = cachingPrepare(memoryDb(), 3);
    const kept = db.prepare('SELECT 0');
    for (let i = 1; i <= 10; i += 1) {
      db.prepare('SELECT 0'); // used between the others, so it stays
      db.prepare(`SELECT ${i}`);
      expect(db.cachedStatements).toBeLessThanOrEqual(3);
    }
    expect(db.prepare('SELECT 0')).toBe(kept);
    const oldest = db.prepare('SELECT 10');
    db.prepare('SELECT 11');
    db.prepare('SELECT 12');
    db.prepare('SELECT 13');
    expect(db.prepare('SELECT 10')).not.toBe(oldest);
    db.close();
  });

  it('never hands out a statement that is still iterating', () => {
    const db = cachingPrepare(memoryDb());
    const sql = 'SELECT n FROM t ORDER BY n';
    const iterating = db.prepare(sql).iterate([]);
    expect(iterating.next().value).toEqual({ n: 1 });
    // A second query with the same SQL while the first is mid-stream gets its own statement and works.
    expect(db.prepare(sql).all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...iterating]).toEqual([{ n: 2 }, { n: 3 }]);
    db.close();
  });
});
