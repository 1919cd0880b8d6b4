import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createSql, type Queryable } from '../../src/db/client.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { rowsReadSoFar } from '../helpers/rows-read.ts';
import { withOwnSchema } from '../helpers/own-schema.ts';

describe("a connection that first ran a lookup while its table was empty", () => {
  it("finds a call by its id once the owner has thousands of calls", async () => {
    // a schema of its own, so `calls` is empty when the lookup is first planned, as on a new deployment
    await withOwnSchema(inject('databaseUrl'), 'plans', async (sql) => {
      const userId = await seedUser(sql, uniqueEmail('plans'));
      const surveyId = await seedSurvey(sql, userId);
      await seedContacts(sql, userId, surveyId, 3000);
      const [campaign] = await sql<{ id: string }[]>`
        insert into campaigns (user_id, survey_id, workflow_id, max_concurrent_calls)
        values (${userId}, ${surveyId}, ${`plans-${surveyId}`}, 10) returning id`;
      const lookUp = (tx: Queryable, callId: string) => tx<{ outcome: string | null }[]>`
        select outcome from calls where id = ${callId} and user_id = ${userId}`;

      const read = await sql.begin(async (tx) => {
        // postgres.js prepares the statement; from its sixth run PostgreSQL may keep one generic plan,
        // made for the table as it was then: empty, where every index of calls looks as cheap
        for (let run = 0; run < 6; run++) expect(await lookUp(tx, randomUUID())).toEqual([]);
        // the owner's calls, as a campaign writes them
        await tx`
          insert into calls (user_id, campaign_id, contact_id, attempt, to_number, outcome)
          select c.user_id, ${campaign!.id}, c.id, 1, c.phone_number, 'completed' from contacts c where c.survey_id = ${surveyId}`;
        const [call] = await tx<{ id: string }[]>`select id from calls where campaign_id = ${campaign!.id} limit 1`;
        const before = await rowsReadSoFar(tx, ['calls']);
        expect(await lookUp(tx, call!.id)).toEqual([{ outcome: 'completed' }]);
        return (await rowsReadSoFar(tx, ['calls'])) - before;
      });
      // the call itself; a plan kept from the empty table walked the owner's calls (user_id, created_at): 3,000
      // rows a lookup, so each call of a campaign cost more than the last (tables never analyzed: autovacuum off)
      expect(read).toBeLessThan(10);
    });
  });
});

describe('a session of the service', () => {
  it('runs a statement priced as dear as can be without compiling it (no JIT)', async () => {
    const sql = createSql(inject('databaseUrl'), { max: 1 });
    try {
      const plan = await sql.begin(async (tx) => {
        // what tables never analyzed did to a five-row read at 378,000 calls: priced past jit_above_cost
        await tx`set local jit_above_cost = 0`;
        const [row] = await tx<{ 'QUERY PLAN': unknown }[]>`explain (analyze, format json) select count(*) from calls where user_id = ${randomUUID()}`;
        return JSON.stringify(row!['QUERY PLAN']);
      });
      expect(plan).toContain('"Plan"');
      // with JIT on, the plan carries a "JIT" section (compiled functions and their time: 28 ms against 0.14)
      expect(plan).not.toContain('"JIT"');
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
