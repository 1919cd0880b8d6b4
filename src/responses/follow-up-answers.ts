import type { Queryable } from '../db/client.ts';
import type { Answer } from '../domain/call-report.ts';

/**
 * What a contact answered since its last completed survey, the latest answer per question: a call
 * that ended mid-survey leaves these, and the next call picks up after them instead of starting over.
 * A contact who completed (or never answered anything) gets none and hears the survey from the start.
 */
export async function loadFollowUpAnswers(sql: Queryable, userId: string, contactId: string): Promise<Answer[]> {
  return sql<Answer[]>`
    select distinct on (r.question_id) r.question_id, r.raw_answer, r.mapped_value, r.confidence, r.method
    from responses r
    join calls k on k.id = r.call_id and k.user_id = r.user_id
    where r.user_id = ${userId} and r.contact_id = ${contactId}
      and k.created_at > coalesce(
        (select max(done.created_at) from calls done
         where done.user_id = ${userId} and done.contact_id = ${contactId} and done.outcome = 'completed'),
        '-infinity')
    order by r.question_id, k.created_at desc, r.updated_at desc`;
}
