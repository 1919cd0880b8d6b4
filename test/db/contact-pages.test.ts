import { describe, expect, inject, it } from 'vitest';
import { readContactsPage } from '../../activities/campaign-progress.ts';
import { seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { rowsReadSoFar } from '../helpers/rows-read.ts';
import { withOwnSchema } from '../helpers/own-schema.ts';

describe("a campaign's page of contacts", () => {
  it('reads one page of rows, not every contact after the cursor, from a table never analyzed', async () => {
    // a schema of its own: its contacts table has never been analyzed, as on a new deployment (or this
    // machine, autovacuum off); the planner then guesses one row for any range
    await withOwnSchema(inject('databaseUrl'), 'pages', async (sql) => {
      const userId = await seedUser(sql, uniqueEmail('pages'));
      const surveyId = await seedSurvey(sql, userId);
      // as many contacts as a large campaign's survey holds: the planner's guess without statistics comes
      // from the table's size on disk, and on a small table it happens to prefer the index anyway
      await sql`
        insert into contacts (user_id, survey_id, participant_name, phone_number)
        select ${userId}, ${surveyId}, 'Participant ' || i, '+12025' || lpad(i::text, 6, '0') from generate_series(1, 100000) i`;
      const [range] = await sql<{ first: string; last: string }[]>`
        select min(seq)::text as first, max(seq)::text as last from contacts where survey_id = ${surveyId}`;

      const { page, read } = await sql.begin(async (tx) => {
        const before = await rowsReadSoFar(tx, ['contacts']);
        const page = await readContactsPage(tx, { userId, surveyId, afterSeq: range!.first, seqLimit: range!.last, limit: 200 });
        return { page, read: (await rowsReadSoFar(tx, ['contacts'])) - before };
      });

      const seqs = page.map((c) => BigInt(c.seq));
      expect(seqs).toHaveLength(200);
      expect(seqs[0]).toBe(BigInt(range!.first) + 1n);
      expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
      // the page and the index entries that led to it; a bitmap of every contact after the cursor read 99,999
      expect(read).toBeLessThan(450);
    });
  });
});
