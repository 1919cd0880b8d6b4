import type { Sql } from '../db/client.ts';
import { keysetPage } from '../db/keyset-page.ts';
import type { Question } from '../domain/questionnaire.ts';

export interface AnswerView {
  raw_answer: string | null;
  mapped_value: unknown;
  confidence: number | null;
  method: string | null;
}

export interface ContactResponses {
  contact_id: string;
  participant_name: string | null;
  phone_number: string;
  campaign_id: string;
  call_id: string;
  outcome: string | null;
  answered_at: string;
  answers: Record<string, AnswerView>;
}

/**
 * Per contact, its answers merged across its calls, the latest answer to each question winning: a
 * survey finished in a follow-up call shows both calls' answers, a contact surveyed twice the newer
 * ones. `call_id` and `outcome` are of its latest call with answers. Keyset-paged by position.
 */
export async function listResponses(
  sql: Sql,
  userId: string,
  surveyId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: ContactResponses[]; next_cursor: string | null }> {
  const rows = await sql<(Omit<ContactResponses, 'answered_at'> & { seq: string; answered_at: Date })[]>`
    select c.seq::text as seq, c.id as contact_id, c.participant_name, c.phone_number,
      latest.campaign_id, latest.id as call_id, latest.outcome, latest.answered_at,
      (select jsonb_object_agg(merged.question_id, jsonb_build_object(
          'raw_answer', merged.raw_answer, 'mapped_value', merged.mapped_value, 'confidence', merged.confidence, 'method', merged.method))
        from (
          select distinct on (r.question_id) r.*
          from responses r join calls k on k.id = r.call_id and k.user_id = r.user_id
          where r.contact_id = c.id and r.user_id = ${userId}
          order by r.question_id, k.created_at desc, r.updated_at desc
        ) merged) as answers
    from contacts c
    join lateral (
      select k.id, k.campaign_id, k.outcome, coalesce(k.ended_at, k.created_at) as answered_at
      from calls k
      where k.contact_id = c.id and k.user_id = ${userId}
        and exists (select 1 from responses r where r.call_id = k.id)
      order by k.created_at desc
      limit 1
    ) latest on true
    where c.survey_id = ${surveyId} and c.user_id = ${userId} and c.seq > ${page.cursor ?? '0'}::bigint
    order by c.seq
    limit ${page.limit + 1}`;
  return keysetPage(rows, page.limit, ({ seq: _seq, answered_at, ...r }) => ({ ...r, answered_at: answered_at.toISOString() }));
}

/** A mapped value as a spreadsheet cell: option labels rather than ids, lists joined with "; ". */
export function cellValue(question: Question | undefined, value: unknown): string {
  if (value === null || value === undefined) return '';
  const label = (id: unknown) => question?.options?.find((o) => o.id === id)?.label ?? String(id);
  if (Array.isArray(value)) return value.map(label).join('; ');
  if (question?.options) return label(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
