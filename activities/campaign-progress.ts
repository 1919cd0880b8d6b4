import { splitOutcomes, type CallOutcome } from '../src/domain/call-outcome.ts';
import { scopeFilter, type ContactScope } from '../src/campaigns/contact-scope.ts';
import type { Sql } from '../src/db/client.ts';
import type { ContactHistory } from '../src/domain/retry-policy.ts';
import type { CampaignStatus } from '../workflows/messages.ts';
import { failureTypes, permanentFailure } from './errors.ts';

export interface CampaignProgressDeps {
  sql: Sql;
}

/** A contact as the campaign fans out over it: its id and its place in dialing order. */
export interface ContactRef {
  id: string;
  /** bigint as text: payloads are JSON */
  seq: string;
}

/** A waiting contact the campaign claimed back because it is due, with what it used so far. */
export type { ContactScope };

export interface DueContact {
  id: string;
  history: ContactHistory;
}

export interface CampaignRun {
  totalContacts: number;
  /** Contacts with seq above this were added after launch and are not part of this campaign. */
  seqLimit: string;
}

export function createCampaignProgressActivities({ sql }: CampaignProgressDeps) {
  return {
    /** Freezes the campaign's contact list and marks it running; repeat calls return the same snapshot. */
    async markCampaignRunning(input: {
      userId: string;
      campaignId: string;
      phoneNumber: string;
      testMode: boolean;
      scope?: ContactScope;
    }): Promise<CampaignRun> {
      const { userId, campaignId, phoneNumber, testMode } = input;
      return sql.begin(async (tx) => {
        const [campaign] = await tx<{ survey_id: string; contact_seq_limit: string | null; total_contacts: number }[]>`
          select survey_id, contact_seq_limit, total_contacts from campaigns
          where id = ${campaignId} and user_id = ${userId}
          for update`;
        if (!campaign) throw permanentFailure(failureTypes.campaignNotFound, `campaign ${campaignId} does not exist`);
        if (campaign.contact_seq_limit !== null) {
          return { totalContacts: campaign.total_contacts, seqLimit: campaign.contact_seq_limit };
        }
        const [snapshot] = await tx<{ total: number; seq_limit: string | null }[]>`
          select count(*)::int as total, max(seq)::text as seq_limit from contacts c
          where c.survey_id = ${campaign.survey_id} and c.user_id = ${userId} ${scopeFilter(tx, userId, input.scope)}`;
        const totalContacts = testMode ? Math.min(1, snapshot!.total) : snapshot!.total;
        const seqLimit = snapshot!.seq_limit ?? '0';
        await tx`
          update campaigns set
            status = 'running', phone_number = ${phoneNumber}, total_contacts = ${totalContacts},
            contact_seq_limit = ${seqLimit}, started_at = coalesce(started_at, now())
          where id = ${campaignId} and user_id = ${userId}`;
        await tx`update sip_trunks set last_used_at = now() where user_id = ${userId} and deleted_at is null`;
        return { totalContacts, seqLimit };
      });
    },

    /** The next page of the campaign's contacts in dialing order (keyset pagination on seq). */
    async loadContactsPage(input: {
      userId: string;
      surveyId: string;
      afterSeq: string | null;
      seqLimit: string;
      limit: number;
      scope?: ContactScope;
    }): Promise<ContactRef[]> {
      const { userId, surveyId, afterSeq, seqLimit, limit } = input;
      return sql<ContactRef[]>`
        select c.id, c.seq::text as seq from contacts c
        where c.survey_id = ${surveyId} and c.user_id = ${userId}
          and c.seq > ${afterSeq ?? '0'}::bigint and c.seq <= ${seqLimit}::bigint ${scopeFilter(sql, userId, input.scope)}
        order by c.seq -- the column, not the text alias: '1008' sorts before '101'
        limit ${limit}`;
    },

    async markCampaignFinished(input: {
      userId: string;
      campaignId: string;
      status: 'completed' | 'failed';
      outcomes: Partial<Record<CallOutcome, number>>;
      error?: string;
    }): Promise<void> {
      const { userId, campaignId, status, outcomes } = input;
      const { completed, failed } = splitOutcomes(outcomes);
      await sql`
        update campaigns set
          status = ${status}, completed_calls = ${completed}, failed_calls = ${failed},
          outcome_counts = ${sql.json(outcomes)}, error = ${input.error ?? null},
          completed_at = coalesce(completed_at, now())
        where id = ${campaignId} and user_id = ${userId}`;
    },

    /**
     * Claims waiting contacts that are due, earliest first. The token (run id + claim number) makes a
     * retried claim return the same contacts instead of losing them.
     */
    async claimDueContacts(input: { userId: string; campaignId: string; limit: number; token: string }): Promise<{
      contacts: DueContact[];
      nextAttemptAt: string | null;
    }> {
      const { userId, campaignId, limit, token } = input;
      return sql.begin(async (tx) => {
        const rows = await tx<{ contact_id: string; history: ContactHistory }[]>`
          update campaign_contacts set state = 'scheduled', claim_token = ${token}, updated_at = now()
          where campaign_id = ${campaignId} and user_id = ${userId}
            and (claim_token = ${token} or contact_id in (
              select contact_id from campaign_contacts
              where campaign_id = ${campaignId} and user_id = ${userId} and state = 'waiting' and next_attempt_at <= now()
              order by next_attempt_at limit ${limit} for update skip locked))
          returning contact_id, history`;
        const [next] = await tx<{ at: Date | null }[]>`
          select min(next_attempt_at) as at from campaign_contacts
          where campaign_id = ${campaignId} and user_id = ${userId} and state = 'waiting'`;
        return { contacts: rows.map((r) => ({ id: r.contact_id, history: r.history })), nextAttemptAt: next?.at?.toISOString() ?? null };
      });
    },

    /**
     * Records every contact the campaign will not reach as cancelled: those waiting (or claimed and
     * never started) and those never dialed (after `afterSeq`, within the scope). Returns how many
     * contacts of the campaign are cancelled in all, so a retried call counts the same.
     */
    async cancelRemainingContacts(input: {
      userId: string;
      campaignId: string;
      surveyId: string;
      afterSeq: string | null;
      seqLimit: string;
      scope: ContactScope;
    }): Promise<{ cancelled: number }> {
      const { userId, campaignId, surveyId } = input;
      return sql.begin(async (tx) => {
        await tx`
          update campaign_contacts set state = 'cancelled', final_outcome = 'cancelled', next_attempt_at = null, updated_at = now()
          where campaign_id = ${campaignId} and user_id = ${userId} and state in ('waiting', 'scheduled')`;
        await tx`
          insert into campaign_contacts (campaign_id, contact_id, user_id, state, final_outcome)
          select ${campaignId}, c.id, ${userId}, 'cancelled', 'cancelled' from contacts c
          where c.survey_id = ${surveyId} and c.user_id = ${userId}
            and c.seq > ${input.afterSeq ?? '0'}::bigint and c.seq <= ${input.seqLimit}::bigint
            ${scopeFilter(tx, userId, input.scope)}
          on conflict (campaign_id, contact_id) do nothing`;
        const [row] = await tx<{ n: number }[]>`
          select count(*)::int as n from campaign_contacts
          where campaign_id = ${campaignId} and user_id = ${userId} and state = 'cancelled'`;
        return { cancelled: row!.n };
      });
    },

    /** The campaign row follows the workflow's state: status, counts, pause reason, spend. */
    async recordCampaignState(input: { userId: string; campaignId: string; status: CampaignStatus; outcomes?: Partial<Record<CallOutcome, number>>; error?: string }): Promise<void> {
      const { userId, campaignId, status } = input;
      const final = status.status === 'completed' || status.status === 'failed' || status.status === 'cancelled';
      await sql`
        update campaigns set
          status = ${status.status}, completed_calls = ${status.completed_calls}, failed_calls = ${status.failed_calls},
          waiting_calls = ${status.waiting_calls}, pause_reason = ${status.pause_reason},
          estimated_spend = ${status.estimated_spend}, error = coalesce(${input.error ?? null}, error),
          ${input.outcomes ? sql`outcome_counts = ${sql.json(input.outcomes)},` : sql``}
          completed_at = ${final ? sql`coalesce(completed_at, now())` : sql`null`}
        where id = ${campaignId} and user_id = ${userId}`;
    },
  };
}
