import { sql } from 'kysely';
import type { Db } from './database';

/**
 * Tables whose rows a tenant keys by a column of their own: a row of the old id whose key the new id already
 * holds is dropped, then the rest move. Deleting a search page deletes its text too (trigger of migration 003).
 */
const KEYED_TABLES = [
  { table: 'idempotency_keys', key: 'key' },
  { table: 'sessions', key: 'id' },
  { table: 'search_pages', key: 'url' },
] as const;

/**
 * Moves every row of one tenant id to another, in one transaction, in each table that stores a tenant id.
 * Used at start to carry data from the unsalted tenant ids of older versions to the keyed ones.
 * Idempotent: once moved, nothing matches the old id. Where the new id already holds a row with the same
 * identity (only possible after a downgrade and re-upgrade), the newer row wins and the old one is dropped.
 * Returns the number of rows moved.
 */
export async function renameTenants(db: Db, renames: readonly { from: string; to: string }[]): Promise<number> {
  const pending = renames.filter((rename) => rename.from !== rename.to);
  if (pending.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let moved = 0;
    const count = (result: { numUpdatedRows: bigint }) => {
      moved += Number(result.numUpdatedRows);
    };
    for (const { from, to } of pending) {
      count(await trx.updateTable('jobs').set({ tenant: to }).where('tenant', '=', from).executeTakeFirst());
      count(await trx.updateTable('webhook_deliveries').set({ tenant: to }).where('tenant', '=', from).executeTakeFirst());

      for (const { table, key } of KEYED_TABLES) {
        await sql`DELETE FROM ${sql.table(table)} WHERE tenant = ${from} AND ${sql.ref(key)} IN (SELECT ${sql.ref(key)} FROM ${sql.table(table)} WHERE tenant = ${to})`.execute(
          trx,
        );
        count(await trx.updateTable(table).set({ tenant: to }).where('tenant', '=', from).executeTakeFirst());
      }

      const turnTaken = await trx.selectFrom('tenant_turns').select('tenant').where('tenant', '=', to).executeTakeFirst();
      if (turnTaken) await trx.deleteFrom('tenant_turns').where('tenant', '=', from).execute();
      else count(await trx.updateTable('tenant_turns').set({ tenant: to }).where('tenant', '=', from).executeTakeFirst());
    }
    return moved;
  });
}
