import type { Sql } from '../db/client.ts';
import { keysetPage } from '../db/keyset-page.ts';
import type { CallOutcome } from '../domain/call-outcome.ts';
import { campaignStatus } from '../../workflows/campaign-status.ts';
import type { CampaignStatus, PauseReason } from '../../workflows/messages.ts';

export interface CampaignRow {
  id: string;
  survey_id: string;
  survey_title: string;
  workflow_id: string;
  status: 'launching' | CampaignStatus['status'];
  phone_number: string | null;
  test_mode: boolean;
  max_concurrent_calls: number;
  total_contacts: number;
  completed_calls: number;
  failed_calls: number;
  waiting_calls: number;
  outcome_counts: Partial<Record<CallOutcome, number>>;
  pause_reason: PauseReason | null;
  estimated_spend: number;
  settings: Record<string, unknown>;
  contact_scope: 'all' | 'not_completed' | 'retry';
  parent_campaign_id: string | null;
  error: string | null;
  contact_seq_limit: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

const columns = (sql: Sql) => sql`
  k.id, k.survey_id, s.title as survey_title, k.workflow_id, k.status, k.phone_number, k.test_mode,
  k.max_concurrent_calls, k.total_contacts, k.completed_calls, k.failed_calls, k.waiting_calls, k.outcome_counts,
  k.pause_reason, k.estimated_spend::float8 as estimated_spend, k.settings, k.contact_scope, k.parent_campaign_id, k.error,
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
  const counted = Object.keys(row.outcome_counts).length > 0;
  return campaignStatus({
    campaignId: row.id,
    state: row.status === 'launching' ? 'provisioning' : row.status,
    phoneNumber: row.phone_number,
    totalContacts: row.total_contacts,
    // rows finished before outcome counts were kept have only the two totals
    outcomes: counted ? row.outcome_counts : { completed: row.completed_calls, failed: row.failed_calls },
    inProgress: 0,
    waiting: row.waiting_calls,
    nextAttemptAt: null,
    pauseReason: row.pause_reason,
    spend: row.estimated_spend,
    stopReason: row.status === 'cancelled' ? 'cancelled' : null,
  });
}

export interface ContactCallRow {
  contact_id: string;
  participant_name: string | null;
  phone_number: string;
  state: 'pending' | 'in_progress' | 'waiting' | 'finished' | 'cancelled';
  call_id: string | null;
  attempt: number | null;
  outcome: string | null;
  sip_status: number | null;
  error: string | null;
  dialed_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
  attempts: { call_id: string; attempt: number; outcome: string | null; infrastructure_failure: boolean }[];
  next_attempt_at: string | null;
  wait_reason: string | null;
}

type ContactCallDbRow = Omit<ContactCallRow, 'state' | 'dialed_at' | 'ended_at' | 'next_attempt_at'> & {
  seq: string;
  contact_state: string | null;
  dialed_at: Date | null;
  ended_at: Date | null;
  next_attempt_at: Date | null;
};

/** Each contact of the campaign with its latest attempt, every attempt, and when it is tried next. */
export async function listCampaignCalls(
  sql: Sql,
  userId: string,
  campaign: CampaignRow,
  page: { limit: number; cursor?: string },
): Promise<{ items: ContactCallRow[]; next_cursor: string | null }> {
  const rows = await sql<ContactCallDbRow[]>`
    select c.seq::text as seq, c.id as contact_id, c.participant_name, c.phone_number,
      k.id as call_id, k.attempt, k.outcome, k.sip_status, k.error,
      coalesce(k.dialed_at, k.dial_requested_at) as dialed_at, k.ended_at, k.duration_seconds,
      cc.state as contact_state, cc.next_attempt_at, cc.wait_reason,
      coalesce((
        select json_agg(json_build_object('call_id', a.id, 'attempt', a.attempt, 'outcome', a.outcome,
                                          'infrastructure_failure', a.infrastructure_failure) order by a.attempt)
        from calls a where a.campaign_id = ${campaign.id} and a.contact_id = c.id and a.user_id = ${userId}
      ), '[]') as attempts
    from contacts c
    left join lateral (
      select * from calls k where k.campaign_id = ${campaign.id} and k.contact_id = c.id and k.user_id = ${userId}
      order by k.attempt desc limit 1
    ) k on true
    left join campaign_contacts cc on cc.campaign_id = ${campaign.id} and cc.contact_id = c.id and cc.user_id = ${userId}
    where c.survey_id = ${campaign.survey_id} and c.user_id = ${userId}
      and c.seq <= ${campaign.contact_seq_limit ?? '0'}::bigint and c.seq > ${page.cursor ?? '0'}::bigint
      and (${campaign.contact_scope === 'all' && !campaign.test_mode} or k.id is not null or cc.contact_id is not null)
    order by c.seq
    limit ${page.limit + 1}`;
  return keysetPage(rows, page.limit, ({ seq: _seq, contact_state, dialed_at, ended_at, next_attempt_at, ...r }) => ({
    ...r,
    state: contactState(contact_state, r),
    dialed_at: dialed_at?.toISOString() ?? null,
    ended_at: ended_at?.toISOString() ?? null,
    next_attempt_at: contact_state === 'waiting' ? (next_attempt_at?.toISOString() ?? null) : null,
  }));
}

function contactState(state: string | null, r: { outcome: string | null; call_id: string | null }): ContactCallRow['state'] {
  if (state === 'cancelled') return 'cancelled';
  if (state === 'waiting' || state === 'scheduled') return 'waiting';
  if (state === 'finished') return 'finished';
  // campaigns from before campaign_contacts: the latest call says it
  return r.outcome ? 'finished' : r.call_id ? 'in_progress' : 'pending';
}
