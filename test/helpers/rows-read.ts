import type { Queryable } from '../../src/db/client.ts';

/**
 * Rows this transaction has read so far from the named tables, by scans of the tables and of their
 * indexes: how a test shows that a query's cost does not grow with a table, with or without statistics.
 */
export async function rowsReadSoFar(tx: Queryable, tables: string[]): Promise<number> {
  const [{ read } = { read: 0 }] = await tx<{ read: number }[]>`
    select coalesce(sum(pg_stat_get_xact_tuples_returned(c.oid)), 0)::int as read from pg_class c
    where c.oid = any(${tables}::regclass[])
       or c.oid in (select indexrelid from pg_index where indrelid = any(${tables}::regclass[]))`;
  return read;
}
