import type { Sql } from '../db/client.ts';
import { keysetPage } from '../db/keyset-page.ts';
import type { Contact } from './contact-schemas.ts';

export async function listContacts(
  sql: Sql,
  userId: string,
  surveyId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: Contact[]; next_cursor: string | null }> {
  const rows = await sql<(Omit<Contact, 'created_at'> & { created_at: Date; seq: string })[]>`
    select id, participant_name, phone_number, time_zone, variables, created_at, seq::text as seq
    from contacts c
    where c.survey_id = ${surveyId} and c.user_id = ${userId} and c.seq > ${page.cursor ?? '0'}::bigint
    order by c.seq
    limit ${page.limit + 1}`;
  return keysetPage(rows, page.limit, ({ seq: _seq, created_at, ...c }) => ({ ...c, created_at: created_at.toISOString() }));
}
