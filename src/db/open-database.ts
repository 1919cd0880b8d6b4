import path from 'node:path';
import type { Config } from '../config.ts';
import { createSql, type Sql } from './client.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';

export interface OpenDatabase {
  sql: Sql;
  /** Where the data lives, for start-up logs (no credentials). */
  description: string;
  applied: string[];
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded database, and applies pending migrations. */
export async function openDatabase(config: Config): Promise<OpenDatabase> {
  if (config.database.url) {
    const sql = createSql(config.database.url);
    const applied = await migrate(sql);
    const { host, pathname } = new URL(config.database.url);
    return { sql, applied, description: `postgres ${host}${pathname}`, close: () => sql.end({ timeout: 5 }) };
  }
  const dataDir = path.resolve(config.database.dataDir, 'pglite');
  const embedded = await startEmbeddedPostgres({ dataDir });
  // One connection: PGlite's socket server interleaves extended-protocol messages of concurrent
  // connections outside transactions ("portal does not exist"), so the pool queues instead.
  const sql = createSql(embedded.url, { max: 1 });
  const applied = await migrate(sql);
  return {
    sql,
    applied,
    description: `embedded PGlite in ${dataDir} (${embedded.url})`,
    async close() {
      await sql.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}
