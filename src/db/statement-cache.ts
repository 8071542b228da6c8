import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept prepared; the app issues a few dozen, so this bound is only a guard against leaks. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 200;

/**
 * The database handle as Kysely's SqliteDialect sees it, with `prepare` served from a bounded LRU keyed by SQL
 * text. Kysely's SqliteDriver prepares the statement for every query, which is a parse and plan in SQLite
 * each time; reusing the statement object is safe because `all` and `run` finish synchronously. The one way
 * a statement can still be in use is an unfinished `iterate` (Kysely's stream()): a statement that is busy is
 * never handed out again, the caller gets a fresh, uncached one instead.
 */
export function cachingPrepare(
  sqlite: BetterSqlite3.Database,
  maxEntries = DEFAULT_STATEMENT_CACHE_SIZE,
): SqliteDatabase & { readonly cachedStatements: number } {
  // A Map iterates in insertion order: re-inserting on a hit keeps the least recently used entry first.
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (cached) return statement; // the cached one is mid-iteration: leave it there, use this one once
      cache.set(sql, statement);
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
    get cachedStatements() {
      return cache.size;
    },
  };
}
