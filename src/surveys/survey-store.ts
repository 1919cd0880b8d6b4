import type { Sql } from '../db/client.ts';
import { liveCampaignStatuses } from '../../workflows/messages.ts';
import type { Survey, SurveyCreate, SurveyPatch } from './survey-schemas.ts';

interface SurveyRow {
  id: string;
  title: string;
  questionnaire: Survey['json_questionnaire'];
  google_form_url: string | null;
  voice_agent_tone: Survey['voice_agent_tone'];
  voice_agent_voice: string;
  voice_agent_instructions: string | null;
  max_concurrent_calls: number | null;
  voicemail_action: Survey['voicemail_action'];
  submit_to_google_form: boolean;
  calling_hours: Survey['calling_hours'];
  retry_policy: Survey['retry_policy'];
  record_calls: boolean;
  retention_days: number | null;
  contact_count: number;
  created_at: Date;
  updated_at: Date;
}

const toSurvey = (r: SurveyRow): Survey => ({
  id: r.id,
  title: r.title,
  json_questionnaire: r.questionnaire,
  google_form_url: r.google_form_url,
  voice_agent_tone: r.voice_agent_tone,
  voice_agent_voice: r.voice_agent_voice,
  voice_agent_instructions: r.voice_agent_instructions,
  max_concurrent_calls: r.max_concurrent_calls,
  voicemail_action: r.voicemail_action,
  submit_to_google_form: r.submit_to_google_form,
  calling_hours: r.calling_hours,
  retry_policy: r.retry_policy,
  record_calls: r.record_calls,
  retention_days: r.retention_days,
  contact_count: r.contact_count,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

export async function createSurvey(sql: Sql, userId: string, input: SurveyCreate): Promise<Survey> {
  const [row] = await sql<SurveyRow[]>`
    insert into surveys (user_id, title, questionnaire, google_form_url, voice_agent_tone, voice_agent_voice,
                         voice_agent_instructions, max_concurrent_calls, voicemail_action, submit_to_google_form,
                         calling_hours, retry_policy, record_calls, retention_days)
    values (${userId}, ${input.title}, ${sql.json(input.json_questionnaire ?? [])}, ${input.google_form_url ?? null},
            ${input.voice_agent_tone}, ${input.voice_agent_voice}, ${input.voice_agent_instructions ?? null},
            ${input.max_concurrent_calls ?? null}, ${input.voicemail_action}, ${input.submit_to_google_form},
            ${input.calling_hours ? sql.json(input.calling_hours) : null}, ${input.retry_policy ? sql.json(input.retry_policy) : null},
            ${input.record_calls}, ${input.retention_days ?? null})
    returning *, 0 as contact_count`;
  return toSurvey(row!);
}

export async function getSurvey(sql: Sql, userId: string, surveyId: string): Promise<Survey | null> {
  const [row] = await sql<SurveyRow[]>`
    select s.*, (select count(*)::int from contacts c where c.survey_id = s.id) as contact_count
    from surveys s where s.id = ${surveyId} and s.user_id = ${userId}`;
  return row ? toSurvey(row) : null;
}

export async function listSurveys(sql: Sql, userId: string, page: { limit: number; offset: number }) {
  const rows = await sql<(SurveyRow & { total: number })[]>`
    select s.*, (select count(*)::int from contacts c where c.survey_id = s.id) as contact_count,
      count(*) over ()::int as total
    from surveys s where s.user_id = ${userId}
    order by s.created_at desc, s.id
    limit ${page.limit} offset ${page.offset}`;
  return { items: rows.map(toSurvey), total: rows[0]?.total ?? (await countSurveys(sql, userId)) };
}

async function countSurveys(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from surveys where user_id = ${userId}`;
  return row!.n;
}

export async function updateSurvey(sql: Sql, userId: string, surveyId: string, patch: SurveyPatch): Promise<Survey | null> {
  const columns: Record<string, unknown> = {};
  if (patch.title !== undefined) columns.title = patch.title;
  if (patch.json_questionnaire !== undefined) columns.questionnaire = sql.json(patch.json_questionnaire);
  if (patch.google_form_url !== undefined) columns.google_form_url = patch.google_form_url;
  if (patch.voice_agent_tone !== undefined) columns.voice_agent_tone = patch.voice_agent_tone;
  if (patch.voice_agent_voice !== undefined) columns.voice_agent_voice = patch.voice_agent_voice;
  if (patch.voice_agent_instructions !== undefined) columns.voice_agent_instructions = patch.voice_agent_instructions;
  if (patch.max_concurrent_calls !== undefined) columns.max_concurrent_calls = patch.max_concurrent_calls;
  if (patch.voicemail_action !== undefined) columns.voicemail_action = patch.voicemail_action;
  if (patch.submit_to_google_form !== undefined) columns.submit_to_google_form = patch.submit_to_google_form;
  if (patch.calling_hours !== undefined) columns.calling_hours = patch.calling_hours ? sql.json(patch.calling_hours) : null;
  if (patch.retry_policy !== undefined) columns.retry_policy = patch.retry_policy ? sql.json(patch.retry_policy) : null;
  if (patch.record_calls !== undefined) columns.record_calls = patch.record_calls;
  if (patch.retention_days !== undefined) columns.retention_days = patch.retention_days;
  const [row] = await sql<{ id: string }[]>`
    update surveys set ${sql(columns)}, updated_at = now()
    where id = ${surveyId} and user_id = ${userId}
    returning id`;
  return row ? getSurvey(sql, userId, surveyId) : null;
}

export async function deleteSurvey(sql: Sql, userId: string, surveyId: string): Promise<boolean> {
  const rows = await sql`delete from surveys where id = ${surveyId} and user_id = ${userId} returning id`;
  return rows.length > 0;
}

/** The survey's campaign that is still running, if any. */
export async function liveCampaignOf(sql: Sql, userId: string, surveyId: string): Promise<string | null> {
  const [row] = await sql<{ id: string }[]>`
    select id from campaigns
    where survey_id = ${surveyId} and user_id = ${userId} and status in ${sql([...liveCampaignStatuses])}`;
  return row?.id ?? null;
}
