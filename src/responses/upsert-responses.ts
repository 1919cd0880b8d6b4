import type { Queryable } from '../db/client.ts';
import type { Answer } from '../domain/call-report.ts';

/** Stores answers of one call; a repeated answer for a question replaces the earlier one. */
export async function upsertResponses(
  sql: Queryable,
  call: { userId: string; callId: string; surveyId: string; contactId: string },
  answers: Answer[],
): Promise<void> {
  if (answers.length === 0) return;
  await sql`
    insert into responses
      (user_id, call_id, survey_id, contact_id, question_id, raw_answer, mapped_value, confidence, method)
    select ${call.userId}, ${call.callId}, ${call.surveyId}, ${call.contactId},
      a.question_id, a.raw_answer, a.mapped_value, a.confidence, a.method
    from jsonb_to_recordset(${sql.json(answers as never)})
      as a(question_id text, raw_answer text, mapped_value jsonb, confidence real, method text)
    on conflict (call_id, question_id) do update set
      raw_answer = excluded.raw_answer, mapped_value = excluded.mapped_value,
      confidence = excluded.confidence, method = excluded.method, updated_at = now()`;
}
