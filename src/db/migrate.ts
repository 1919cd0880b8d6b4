import { readdir, readFile } from 'node:fs/promises';
import type { Sql } from './client.ts';
import { projectFile } from '../project-files.ts';

export const migrationsDir = projectFile('sql/');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads `sql/NNN_name.sql` files in version order. */
export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const version = Number.parseInt(file, 10);
    if (migrations.some((m) => m.version === version)) throw new Error(`duplicate migration version ${version}`);
    migrations.push({ version, name: file.replace(/\.sql$/, ''), sql: await readFile(`${dir}/${file}`, 'utf8') });
  }
  return migrations;
}

/**
 * Applies pending migrations, each in its own transaction, and records them in schema_migrations.
 * An advisory lock keeps two starting processes from applying the same migration at once.
 */
export async function migrate(sql: Sql, dir = migrationsDir): Promise<string[]> {
  const migrations = await readMigrations(dir);
  await sql`
    create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`;
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(72657)`;
      const [row] = await tx`select 1 from schema_migrations where version = ${migration.version}`;
      if (row) return false;
      await tx.unsafe(migration.sql);
      await tx`insert into schema_migrations (version, name) values (${migration.version}, ${migration.name})`;
      return true;
    });
    if (done) applied.push(migration.name);
  }
  return applied;
}
