import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './database.js';

/**
 * Deletes up to `limit` rows of `table` that `where` picks, oldest by `order` first, in one statement;
 * returns how many. A caller repeats it until fewer come back, so no statement holds many locks.
 */
export async function deleteOldest(
  db: Db,
  table: PgTable,
  where: SQL,
  order: SQL,
  limit: number,
): Promise<number> {
  const result = await db.execute(sql`WITH gone AS (
    DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${where} ORDER BY ${order} LIMIT ${limit})
    RETURNING 1)
    SELECT count(*)::int AS n FROM gone`);
  return Number((result as unknown as { rows: { n: unknown }[] }).rows[0]?.n ?? 0);
}
