import { randomUUID } from 'node:crypto';
import { createSql, type Sql } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { onPostgresServer } from './test-database.ts';

/** A new schema's name: the label (it becomes part of an SQL name: a-z and _ only) and a random id. */
function newSchemaName(label: string): string {
  if (!/^[a-z_]+$/.test(label)) throw new Error(`schema label ${JSON.stringify(label)}: use a-z and _`);
  return `${label}_${randomUUID().replace(/-/g, '')}`;
}

/** Creates the schema, points the session of this one-connection pool at it and migrates it there. */
async function createMigratedSchema(sql: Sql, schema: string): Promise<void> {
  await sql.unsafe(`create schema ${schema}`);
  await sql.unsafe(`set search_path to ${schema}`);
  await migrate(sql);
}

/**
 * Runs `use` on one connection to a schema of its own, migrated here: its tables are empty and have
 * never been analyzed, as on a new deployment (the suite's shared database holds other tests' rows).
 * On embedded PGlite every connection shares one session, so the search path is reset for the tests
 * that follow.
 */
export async function withOwnSchema<T>(databaseUrl: string, label: string, use: (sql: Sql) => Promise<T>): Promise<T> {
  const schema = newSchemaName(label);
  // one connection (max 1): the search path holds for every query
  const sql = createSql(databaseUrl, { max: 1 });
  try {
    await createMigratedSchema(sql, schema);
    return await use(sql);
  } finally {
    await sql.unsafe('reset search_path');
    await sql.unsafe(`drop schema if exists ${schema} cascade`);
    await sql.end({ timeout: 5 });
  }
}

/**
 * A migrated schema of its own for a whole harness (every connection of its pool), on a PostgreSQL
 * server: the URL names the schema as the sessions' search path (postgres.js sends a URL's unknown
 * parameters at connection start). For a test that checks the whole database while other files run
 * beside it. Embedded PGlite ignores startup parameters; there files run one at a time
 * (vitest.config.ts) and the shared database is returned as it is.
 */
export async function createOwnSchema(databaseUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!onPostgresServer) return { url: databaseUrl, drop: async () => {} };
  const schema = newSchemaName(label);
  const admin = createSql(databaseUrl, { max: 1 });
  const drop = async () => {
    try {
      await admin.unsafe(`drop schema if exists ${schema} cascade`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  try {
    await createMigratedSchema(admin, schema);
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  const url = new URL(databaseUrl);
  url.searchParams.set('search_path', schema);
  return { url: url.toString(), drop };
}
