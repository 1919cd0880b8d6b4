import { splitOutcomes, type CallOutcome } from '../src/domain/call-outcome.ts';
import type { Sql } from '../src/db/client.ts';
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
          select count(*)::int as total, max(seq)::text as seq_limit from contacts
          where survey_id = ${campaign.survey_id} and user_id = ${userId}`;
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
    }): Promise<ContactRef[]> {
      const { userId, surveyId, afterSeq, seqLimit, limit } = input;
      return sql<ContactRef[]>`
        select c.id, c.seq::text as seq from contacts c
        where c.survey_id = ${surveyId} and c.user_id = ${userId}
          and c.seq > ${afterSeq ?? '0'}::bigint and c.seq <= ${seqLimit}::bigint
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
  };
}
