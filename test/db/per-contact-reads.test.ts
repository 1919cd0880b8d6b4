import { describe, expect, inject, it } from 'vitest';
import { createSql } from '../../src/db/client.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { loadFollowUpAnswers } from '../../src/responses/follow-up-answers.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { rowsReadSoFar } from '../helpers/rows-read.ts';

describe('the reads before each call', () => {
  it("take the contact's own calls and answers, however many calls its owner has", async () => {
    const sql = createSql(inject('databaseUrl'), { max: 1 });
    try {
      const userId = await seedUser(sql, uniqueEmail('per-contact-reads'));
      const surveyId = await seedSurvey(sql, userId);
      await seedContacts(sql, userId, surveyId, 3000);
      const [campaign] = await sql<{ id: string }[]>`
        insert into campaigns (user_id, survey_id, workflow_id, max_concurrent_calls)
        values (${userId}, ${surveyId}, ${`per-contact-reads-${surveyId}`}, 10) returning id`;
      // a campaign 3,000 calls in: each contact hung up after four answers, so each next call reads them
      await sql`
        insert into calls (user_id, campaign_id, contact_id, attempt, to_number, outcome)
        select c.user_id, ${campaign!.id}, c.id, 1, c.phone_number, 'hung_up_early' from contacts c where c.survey_id = ${surveyId}`;
      await sql`
        insert into responses (user_id, call_id, survey_id, contact_id, question_id, raw_answer, method)
        select k.user_id, k.id, ${surveyId}, k.contact_id, q, 'yes', 'exact'
        from calls k, unnest(array['q1', 'q2', 'q3', 'q4']) q where k.campaign_id = ${campaign!.id}`;
      const [contact] = await sql<{ id: string }[]>`select id from contacts where survey_id = ${surveyId} order by seq desc limit 1`;

      const read = await sql.begin(async (tx) => {
        // postgres.js prepares the statement: from the sixth run PostgreSQL may keep one generic plan for every contact
        for (let run = 0; run < 6; run++) expect(await loadFollowUpAnswers(tx, userId, contact!.id)).toHaveLength(4);
        const before = await rowsReadSoFar(tx, ['calls', 'responses']);
        await loadFollowUpAnswers(tx, userId, contact!.id);
        return (await rowsReadSoFar(tx, ['calls', 'responses'])) - before;
      });
      // the contact's call and its four answers (5 rows); the owner's other calls made it 3,009 rows with
      // the old indexes and 15,001 with the old join, on tables never analyzed (as here: autovacuum off)
      expect(read).toBeLessThan(50);

      // Past about 400,000 answers, never analyzed, PostgreSQL guessed each call's answers at 0.4 % of the
      // table and hashed a scan of all of them for every call rather than look each call's up: told here
      // that looking up is dear, the read must still take the index (12,001 rows read when joined freely)
      const readPreferringScans = await sql.begin(async (tx) => {
        await tx`set local enable_nestloop = off`;
        const before = await rowsReadSoFar(tx, ['calls', 'responses']);
        expect(await loadFollowUpAnswers(tx, userId, contact!.id)).toHaveLength(4);
        return (await rowsReadSoFar(tx, ['calls', 'responses'])) - before;
      });
      expect(readPreferringScans).toBeLessThan(50);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
