import type { Sql } from '../db/client.ts';
import { keysetPage } from '../db/keyset-page.ts';
import type { CampaignStatus } from '../../workflows/messages.ts';

export interface CampaignRow {
  id: string;
  survey_id: string;
  survey_title: string;
  workflow_id: string;
  status: 'launching' | 'provisioning' | 'running' | 'completed' | 'failed' | 'cancelled';
  phone_number: string | null;
  test_mode: boolean;
  max_concurrent_calls: number;
  total_contacts: number;
  completed_calls: number;
  failed_calls: number;
  error: string | null;
  contact_seq_limit: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

const columns = (sql: Sql) => sql`
  k.id, k.survey_id, s.title as survey_title, k.workflow_id, k.status, k.phone_number, k.test_mode,
  k.max_concurrent_calls, k.total_contacts, k.completed_calls, k.failed_calls, k.error,
  k.contact_seq_limit::text as contact_seq_limit, k.created_at, k.started_at, k.completed_at`;

/** `id` may be a campaign id or a survey id (its latest campaign), as the seed's frontend uses both. */
export async function findCampaign(sql: Sql, userId: string, id: string): Promise<CampaignRow | null> {
  const [row] = await sql<CampaignRow[]>`
    select ${columns(sql)}
    from campaigns k join surveys s on s.id = k.survey_id
    where k.user_id = ${userId} and (k.id = ${id} or k.survey_id = ${id})
    order by (k.id = ${id}) desc, k.created_at desc
    limit 1`;
  return row ?? null;
}

export async function listCampaigns(sql: Sql, userId: string, page: { limit: number; offset: number; surveyId?: string }) {
  const rows = await sql<(CampaignRow & { total: number })[]>`
    select ${columns(sql)}, count(*) over ()::int as total
    from campaigns k join surveys s on s.id = k.survey_id
    where k.user_id = ${userId} ${page.surveyId ? sql`and k.survey_id = ${page.surveyId}` : sql``}
    order by k.created_at desc, k.id
    limit ${page.limit} offset ${page.offset}`;
  return { rows, total: rows[0]?.total ?? 0 };
}

/** The status shape from the database, for campaigns whose workflow can no longer be queried. */
export function statusFromRow(row: CampaignRow): CampaignStatus {
  const done = row.completed_calls + row.failed_calls;
  const state = row.status === 'launching' ? 'provisioning' : row.status === 'cancelled' ? 'failed' : row.status;
  return {
    campaign_id: row.id,
    status: state,
    phone_number: row.phone_number,
    total_contacts: row.total_contacts,
    completed_calls: row.completed_calls,
    in_progress_calls: 0,
    failed_calls: row.failed_calls,
    pending_calls: Math.max(0, row.total_contacts - done),
    completion_percentage: row.total_contacts ? Math.round((done / row.total_contacts) * 1000) / 10 : 0,
  };
}

export interface ContactCallRow {
  contact_id: string;
  participant_name: string | null;
  phone_number: string;
  state: 'pending' | 'in_progress' | 'finished';
  call_id: string | null;
  attempt: number | null;
  outcome: string | null;
  sip_status: number | null;
  error: string | null;
  dialed_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
}

/** Each contact of the campaign with its latest attempt. */
export async function listCampaignCalls(
  sql: Sql,
  userId: string,
  campaign: CampaignRow,
  page: { limit: number; cursor?: string },
): Promise<{ items: ContactCallRow[]; next_cursor: string | null }> {
  const rows = await sql<(Omit<ContactCallRow, 'state' | 'dialed_at' | 'ended_at'> & { seq: string; dialed_at: Date | null; ended_at: Date | null })[]>`
    select c.seq::text as seq, c.id as contact_id, c.participant_name, c.phone_number,
      k.id as call_id, k.attempt, k.outcome, k.sip_status, k.error,
      coalesce(k.dialed_at, k.dial_requested_at) as dialed_at, k.ended_at, k.duration_seconds
    from contacts c
    left join lateral (
      select * from calls k where k.campaign_id = ${campaign.id} and k.contact_id = c.id and k.user_id = ${userId}
      order by k.attempt desc limit 1
    ) k on true
    where c.survey_id = ${campaign.survey_id} and c.user_id = ${userId}
      and c.seq <= ${campaign.contact_seq_limit ?? '0'}::bigint and c.seq > ${page.cursor ?? '0'}::bigint
      and (${!campaign.test_mode} or k.id is not null)
    order by c.seq
    limit ${page.limit + 1}`;
  return keysetPage(rows, page.limit, ({ seq: _seq, dialed_at, ended_at, ...r }) => ({
    ...r,
    state: r.outcome ? 'finished' : r.call_id ? 'in_progress' : 'pending',
    dialed_at: dialed_at?.toISOString() ?? null,
    ended_at: ended_at?.toISOString() ?? null,
  }));
}
