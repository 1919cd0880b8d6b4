import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createSql } from '../../src/db/client.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrate, readMigrations } from '../../src/db/migrate.ts';

describe('migrations', () => {
  it('are recorded once and re-running them applies nothing', async () => {
    const sql = createSql(inject('databaseUrl'), { max: 1 });
    try {
      const files = await readMigrations();
      const recorded = await sql`select version, name from schema_migrations order by version`;
      expect(recorded).toEqual(files.map((m) => ({ version: m.version, name: m.name })));
      expect(await migrate(sql)).toEqual([]);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });

  it('build the schema on the embedded database, with its tenant guards', async () => {
    const embedded = await startEmbeddedPostgres();
    const sql = createSql(embedded.url, { max: 1 });
    try {
      expect(await migrate(sql)).toEqual((await readMigrations()).map((m) => m.name));
      const [alice] = await sql`insert into users (email) values ('alice@example.test') returning id`;
      const [bob] = await sql`insert into users (email) values ('bob@example.test') returning id`;
      const [survey] = await sql`insert into surveys (user_id, title) values (${alice!.id}, 'Alice survey') returning id`;
      // a contact cannot belong to Bob while pointing at Alice's survey
      await expect(
        sql`insert into contacts (user_id, survey_id, phone_number) values (${bob!.id}, ${survey!.id}, '+14155550100')`,
      ).rejects.toMatchObject({ code: '23503' });
      await expect(
        sql`insert into contacts (user_id, survey_id, phone_number) values (${alice!.id}, ${survey!.id}, '555-0100')`,
      ).rejects.toMatchObject({ code: '23514' });
      // one account per provider identity; the email alone identifies nobody
      const identity = (userId: string) =>
        sql`insert into user_identities (user_id, provider, issuer, subject, email) values (${userId}, 'microsoft', 'tenant-a', 'oid-1', 'x@example.test')`;
      await identity(alice!.id);
      await expect(identity(bob!.id)).rejects.toMatchObject({ code: '23505' });
      await sql`insert into users (email) values ('ALICE@example.test')`;
    } finally {
      await sql.end({ timeout: 5 });
      await embedded.stop();
    }
  });
});
