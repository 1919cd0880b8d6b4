import type { Queryable } from '../db/client.ts';
import type { Answer } from '../domain/call-report.ts';

/**
 * What a contact answered since its last completed survey, the latest answer per question: a call
 * that ended mid-survey leaves these, and the next call picks up after them instead of starting over.
 * A contact who completed (or never answered anything) gets none and hears the survey from the start.
 *
 * Read before every call, so its cost must not grow with the owner's calls: the contact's own calls
 * come first (materialized, by the contact's index), their answers by call id. Joined the other way,
 * PostgreSQL could walk all of the owner's calls for each answer when its statistics were stale (a
 * campaign's tables grow from nothing in minutes). test/db/per-contact-reads.test.ts counts the rows:
 * 5 a call 3,000 other calls in, against 3,009 with the old indexes and 15,001 with the old join.
 * The answers are looked up per call (lateral, and `offset 0` so the planner cannot flatten it back
 * into a join): joined, PostgreSQL guessed each call's answers at 0.4 % of a table it had never
 * analyzed and, past about 400,000 answers, hashed a scan of all of them for every call instead
 * (57 ms a call at 462,000 answers, in parallel; 0.2 ms per call by the index).
 */
export async function loadFollowUpAnswers(sql: Queryable, userId: string, contactId: string): Promise<Answer[]> {
  return sql<Answer[]>`
    with contact_calls as materialized (
      select k.id, k.created_at, k.outcome from calls k where k.contact_id = ${contactId} and k.user_id = ${userId})
    select distinct on (r.question_id) r.question_id, r.raw_answer, r.mapped_value, r.confidence, r.method
    from contact_calls k
    cross join lateral (
      select r.question_id, r.raw_answer, r.mapped_value, r.confidence, r.method, r.updated_at
      from responses r where r.call_id = k.id and r.user_id = ${userId} offset 0) r
    where k.created_at > coalesce((select max(done.created_at) from contact_calls done where done.outcome = 'completed'), '-infinity')
    order by r.question_id, k.created_at desc, r.updated_at desc`;
}
