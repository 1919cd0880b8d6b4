import { describe, expect, inject, it } from 'vitest';
import { createSql } from '../../src/db/client.ts';
import { databaseWorkBetween, formatDatabaseWork, snapshotDatabases, type DatabaseCounters } from '../../scripts/bench/postgres-work.ts';

const counters = (database: string, transactions: number, blocks: number, blocksRead: number, rowsWritten: number): DatabaseCounters =>
  ({ database, transactions, blocks, blocksRead, rowsWritten });

describe("a campaign's PostgreSQL work by database", () => {
  it('gives each database its transactions, blocks and rows written a contact, and its blocks a transaction', () => {
    const before = [counters('survey', 1_000, 50_000, 10, 400), counters('temporal_visibility', 200, 12_400, 5, 300)];
    const after = [counters('survey', 3_000, 106_000, 30, 2_400), counters('temporal_visibility', 500, 40_900, 45, 900)];
    const work = databaseWorkBetween(before, after, 100);
    expect(work).toEqual([
      { database: 'survey', transactionsPerContact: 20, blocksPerContact: 560, blocksPerTransaction: 28, blocksReadPerContact: 0.2, rowsWrittenPerContact: 20 },
      { database: 'temporal_visibility', transactionsPerContact: 3, blocksPerContact: 285, blocksPerTransaction: 95, blocksReadPerContact: 0.4, rowsWrittenPerContact: 6 },
    ]);
    expect(formatDatabaseWork(work)).toBe(
      'survey 20.0 transactions, 560 blocks (28.0 a transaction, 0.2 read), 20.0 rows written; ' +
        'temporal_visibility 3.0 transactions, 285 blocks (95.0 a transaction, 0.4 read), 6.0 rows written',
    );
  });

  it('leaves out a database the second snapshot lacks, and reads no blocks a transaction where none ran', () => {
    const work = databaseWorkBetween([counters('survey', 10, 100, 0, 0), counters('temporal', 5, 50, 0, 0)], [counters('survey', 10, 100, 0, 0)], 10);
    expect(work).toEqual([{ database: 'survey', transactionsPerContact: 0, blocksPerContact: 0, blocksPerTransaction: 0, blocksReadPerContact: 0, rowsWrittenPerContact: 0 }]);
    expect(() => databaseWorkBetween([], [], 0)).toThrow(/contacts must be positive/);
  });

  it("reads the service's own database first, and only the named others that exist", async () => {
    const sql = createSql(inject('databaseUrl'), { max: 1 });
    try {
      const [{ name } = { name: '' }] = await sql<{ name: string }[]>`select current_database() as name`;
      const snapshot = await snapshotDatabases(sql, ['no_such_database_here']);
      expect(snapshot.map((c) => c.database)).toEqual([name]);
      // no others at all (the bench on the dev server): the service's own alone
      expect((await snapshotDatabases(sql, [])).map((c) => c.database)).toEqual([name]);
      for (const value of [snapshot[0]!.transactions, snapshot[0]!.blocks, snapshot[0]!.blocksRead, snapshot[0]!.rowsWritten]) {
        expect(Number.isFinite(value) && value >= 0).toBe(true);
      }
    } finally {
      await sql.end();
    }
  });
});
