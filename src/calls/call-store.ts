import { keysetPage } from '../db/keyset-page.ts';
import type { Sql } from '../db/client.ts';

/** One call with its transcript, answers, usage and every attempt at the same contact in its campaign. */
export async function findCall(sql: Sql, userId: string, callId: string) {
  const [call] = await sql<Record<string, unknown>[]>`
    select c.id as call_id, c.campaign_id, k.survey_id, c.contact_id, c.attempt, c.outcome, c.sip_status, c.error,
      c.dial_requested_at, c.dialed_at, c.ended_at, c.duration_seconds, c.callback_at, c.transcript, c.personal_data_erased_at,
      u.ring_seconds, u.talk_seconds, u.carrier_minutes, u.agent_minutes, u.llm_input_tokens, u.llm_output_tokens
    from calls c
    join campaigns k on k.id = c.campaign_id and k.user_id = c.user_id
    join call_usage u on u.call_id = c.id
    where c.id = ${callId} and c.user_id = ${userId}`;
  if (!call) return null;
  const answers = await sql`
    select id as response_id, question_id, raw_answer, mapped_value, confidence, method, reviewed_by, reviewed_at, updated_at
    from responses where call_id = ${callId} and user_id = ${userId} order by question_id`;
  const attempts = await sql`
    select id as call_id, attempt, outcome, ended_at, duration_seconds from calls
    where campaign_id = ${call.campaign_id as string} and contact_id = ${call.contact_id as string} and user_id = ${userId}
    order by attempt`;
  return { ...call, transcript: call.transcript ?? [], answers, attempts };
}

/**
 * Answers the mappers left unclear, oldest first, for a person to review, a page at a time. The
 * cursor is the last item's (created_at in microseconds, id): keyset, so answers reviewed meanwhile
 * leaving the queue never shift the next page.
 */
export async function listUnclearAnswers(sql: Sql, userId: string, surveyId: string, page: { limit: number; cursor?: string }) {
  const [micros, afterId] = page.cursor ? page.cursor.split('.') : [];
  const rows = await sql<{ seq: string; response_id: string; call_id: string; contact_id: string; question_id: string; raw_answer: string | null; created_at: Date }[]>`
    select (extract(epoch from r.created_at) * 1000000)::bigint::text || '.' || r.id as seq,
      r.id as response_id, r.call_id, r.contact_id, r.question_id, r.raw_answer, r.created_at
    from responses r where r.user_id = ${userId} and r.survey_id = ${surveyId} and r.method = 'unclear'
      and (${!page.cursor} or (r.created_at, r.id) > (timestamptz 'epoch' + ${micros ?? '0'}::bigint * interval '1 microsecond', ${afterId ?? '00000000-0000-0000-0000-000000000000'}::uuid))
    order by r.created_at, r.id limit ${page.limit + 1}`;
  return keysetPage(rows, page.limit, ({ seq: _seq, created_at, ...r }) => ({ ...r, created_at: created_at.toISOString() }));
}

/** A person's answer: method `manual`, who and when kept. Null when the user has no such response. */
export async function reviewAnswer(sql: Sql, userId: string, responseId: string, value: unknown) {
  const [row] = await sql`
    update responses set mapped_value = ${sql.json(value as never)}, method = 'manual', confidence = 1,
      reviewed_by = ${userId}, reviewed_at = now(), updated_at = now()
    where id = ${responseId} and user_id = ${userId}
    returning id as response_id, call_id, question_id, raw_answer, mapped_value, method, reviewed_by, reviewed_at`;
  return row ?? null;
}
