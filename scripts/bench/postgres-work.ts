// What a campaign asks of PostgreSQL, database by database: the service's own and, when a Temporal
// cluster keeps its store on the same server, its history store (`temporal`) and its visibility
// store (`temporal_visibility`). From `pg_stat_database`'s counters, read before and after each
// campaign. PostgreSQL's processor time alone (cpu-time.ts) cannot say which of them a contact's cost
// grew in; the blocks a transaction can say why: on a fresh cluster each visibility write touched
// 62 blocks in its first minute and 95 from the fourth on, as the visibility table's 55 indexes grew
// (twenty-third session), the same writes costing more as the store fills, not more writes a contact.
// A backend reports its counters when it goes idle, at most once a second: over a campaign of a
// minute or more the last second's work is the error.
import type { Sql } from '../../src/db/client.ts';

/** The databases read besides the service's own: the cluster's two stores, where they share the server. */
export const TEMPORAL_DATABASES = ['temporal', 'temporal_visibility'] as const;

export interface DatabaseCounters {
  database: string;
  transactions: number;
  /** shared buffer hits and reads together: the pages the database's statements touched */
  blocks: number;
  /** of those, the ones not found in shared buffers */
  blocksRead: number;
  /** rows inserted, updated and deleted */
  rowsWritten: number;
}

export interface DatabaseWork {
  database: string;
  transactionsPerContact: number;
  blocksPerContact: number;
  blocksPerTransaction: number;
  blocksReadPerContact: number;
  rowsWrittenPerContact: number;
}

/** The counters of the service's database and of those of `others` on the same server. */
export async function snapshotDatabases(sql: Sql, others: readonly string[]): Promise<DatabaseCounters[]> {
  const rows = await sql<{ database: string; transactions: string; blocks: string; blocks_read: string; rows_written: string }[]>`
    select datname as database,
           xact_commit + xact_rollback as transactions,
           blks_hit + blks_read as blocks,
           blks_read as blocks_read,
           tup_inserted + tup_updated + tup_deleted as rows_written
      from pg_stat_database
     where datname = current_database() or datname = any(${[...others]})
     order by datname = current_database() desc, datname`;
  // bigint columns arrive as strings: the counters fit a double for centuries of this load
  return rows.map((r) => ({
    database: r.database,
    transactions: Number(r.transactions),
    blocks: Number(r.blocks),
    blocksRead: Number(r.blocks_read),
    rowsWritten: Number(r.rows_written),
  }));
}

/** Each database's work a contact between two snapshots (databases in both, in the first's order). */
export function databaseWorkBetween(before: DatabaseCounters[], after: DatabaseCounters[], contacts: number): DatabaseWork[] {
  if (contacts <= 0) throw new Error('databaseWorkBetween: contacts must be positive');
  return before.flatMap((b) => {
    const a = after.find((x) => x.database === b.database);
    if (!a) return [];
    const transactions = a.transactions - b.transactions;
    const blocks = a.blocks - b.blocks;
    return [{
      database: b.database,
      transactionsPerContact: transactions / contacts,
      blocksPerContact: blocks / contacts,
      blocksPerTransaction: transactions > 0 ? blocks / transactions : 0,
      blocksReadPerContact: (a.blocksRead - b.blocksRead) / contacts,
      rowsWrittenPerContact: (a.rowsWritten - b.rowsWritten) / contacts,
    }];
  });
}

export function formatDatabaseWork(work: DatabaseWork[]): string {
  return work
    .map((w) => `${w.database} ${w.transactionsPerContact.toFixed(1)} transactions, ${w.blocksPerContact.toFixed(0)} blocks ` +
      `(${w.blocksPerTransaction.toFixed(1)} a transaction, ${w.blocksReadPerContact.toFixed(1)} read), ${w.rowsWrittenPerContact.toFixed(1)} rows written`)
    .join('; ');
}
