import { splitOutcomes, type CallOutcome } from '../src/domain/call-outcome.ts';
import { scopeFilter, type ContactScope } from '../src/campaigns/contact-scope.ts';
import type { Sql, TransactionSql } from '../src/db/client.ts';
import type { ContactHistory } from '../src/domain/retry-plan.ts';
import { failureTypes, type CampaignStatus } from '../workflows/messages.ts';
import { campaignStateEvents } from '../src/webhooks/webhook-events.ts';
import { permanentFailure } from './errors.ts';
import type { WebhookHook } from './webhook-hook.ts';

export interface CampaignProgressDeps {
  sql: Sql;
  /** campaign.started and the campaign's state changes become webhook events */
  events: WebhookHook;
}

/** A contact as the campaign fans out over it: its id and its place in dialing order. */
export interface ContactRef {
  id: string;
  /** bigint as text: payloads are JSON */
  seq: string;
  /** its value of the campaign's quota variable (null without per-segment quotas) */
  segment: string | null;
}

/** A waiting contact the campaign claimed back because it is due, with what it used so far. */
export type { ContactScope };

export interface DueContact {
  id: string;
  history: ContactHistory;
  segment: string | null;
}

export interface ContactsPageRequest {
  userId: string;
  surveyId: string;
  afterSeq: string | null;
  seqLimit: string;
  limit: number;
  scope?: ContactScope;
  /** the per-segment quota's variable, read into each contact's `segment` */
  segmentVariable?: string | null;
}

/**
 * A page of the campaign's contacts after the cursor, read by walking the (survey_id, seq) index from
 * it. On a table without statistics (new, or never analyzed: autovacuum off, as on this project's
 * build machine) PostgreSQL guesses a page's range at one row and may take every contact after the
 * cursor through a bitmap and sort them for the first 200: a 100,000-contact campaign's pages each
 * read up to 100,000 rows (70 ms a page half-way), O(n²) over the campaign. Bitmap scans are off for
 * this transaction, so the index, already in dialing order, is read one page deep.
 */
export async function readContactsPage(tx: TransactionSql, input: ContactsPageRequest): Promise<ContactRef[]> {
  const { userId, surveyId, afterSeq, seqLimit, limit } = input;
  const [, page] = await Promise.all([
    tx`set local enable_bitmapscan = off`,
    tx<ContactRef[]>`
      select c.id, c.seq::text as seq, c.variables ->> ${input.segmentVariable ?? ''} as segment from contacts c
      where c.survey_id = ${surveyId} and c.user_id = ${userId}
        and c.seq > ${afterSeq ?? '0'}::bigint and c.seq <= ${seqLimit}::bigint ${scopeFilter(tx, userId, input.scope)}
      order by c.seq -- the column, not the text alias: '1008' sorts before '101'
      limit ${limit}`,
  ]);
  return page;
}

export interface CampaignRun {
  totalContacts: number;
  /** Contacts with seq above this were added after launch and are not part of this campaign. */
  seqLimit: string;
}

export function createCampaignProgressActivities({ sql, events }: CampaignProgressDeps) {
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
      const run = await sql.begin(async (tx) => {
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
        await events.record(tx, {
          userId,
          type: 'campaign.started',
          dedupeKey: `campaign.started:${campaignId}`,
          data: { campaign_id: campaignId, survey_id: campaign.survey_id, status: 'running', total_contacts: totalContacts, test_mode: testMode },
        });
        return { totalContacts, seqLimit };
      });
      await events.flush(userId);
      return run;
    },

    /** The next page of the campaign's contacts in dialing order (keyset pagination on seq). */
    async loadContactsPage(input: ContactsPageRequest): Promise<ContactRef[]> {
      return sql.begin((tx) => readContactsPage(tx, input));
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
     * retried claim return the same contacts instead of losing them. Contacts whose run has written
     * its waiting row but whose report has not reached the campaign yet (`inFlight`) are left for
     * later, so each run is counted once and its report is never taken for the next run's.
     */
    async claimDueContacts(input: {
      userId: string;
      campaignId: string;
      limit: number;
      token: string;
      segmentVariable?: string | null;
      inFlight?: string[];
    }): Promise<{
      contacts: DueContact[];
      nextAttemptAt: string | null;
    }> {
      const { userId, campaignId, limit, token } = input;
      const inFlight = input.inFlight ?? [];
      return sql.begin(async (tx) => {
        const rows = await tx<{ contact_id: string; history: ContactHistory; segment: string | null }[]>`
          update campaign_contacts cc set state = 'scheduled', claim_token = ${token}, updated_at = now()
          from contacts c
          where cc.campaign_id = ${campaignId} and cc.user_id = ${userId} and c.id = cc.contact_id and c.user_id = cc.user_id
            and (cc.claim_token = ${token} or cc.contact_id in (
              select contact_id from campaign_contacts
              where campaign_id = ${campaignId} and user_id = ${userId} and state = 'waiting' and next_attempt_at <= now()
                and contact_id <> all(${inFlight}::uuid[])
              order by next_attempt_at limit ${limit} for update skip locked))
          returning cc.contact_id, cc.history, c.variables ->> ${input.segmentVariable ?? ''} as segment`;
        const [next] = await tx<{ at: Date | null }[]>`
          select min(next_attempt_at) as at from campaign_contacts
          where campaign_id = ${campaignId} and user_id = ${userId} and state = 'waiting' and contact_id <> all(${inFlight}::uuid[])`;
        return { contacts: rows.map((r) => ({ id: r.contact_id, history: r.history, segment: r.segment })), nextAttemptAt: next?.at?.toISOString() ?? null };
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
        // calls hung up by the cancel finished with the outcome cancelled: they count too (the workflow sets its count from this)
        const [row] = await tx<{ n: number }[]>`
          select count(*)::int as n from campaign_contacts
          where campaign_id = ${campaignId} and user_id = ${userId} and final_outcome = 'cancelled'`;
        return { cancelled: row!.n };
      });
    },

    /** Contacts not dialed because their segment's quota is met: recorded as cancelled, like the rest of a stopped campaign. */
    async skipContacts(input: { userId: string; campaignId: string; contactIds: string[] }): Promise<void> {
      const { userId, campaignId, contactIds } = input;
      if (contactIds.length === 0) return;
      await sql`
        insert into campaign_contacts (campaign_id, contact_id, user_id, state, final_outcome)
        select ${campaignId}, c.id, ${userId}, 'cancelled', 'cancelled' from contacts c
        where c.user_id = ${userId} and c.id = any(${contactIds}::uuid[])
        on conflict (campaign_id, contact_id) do update set
          state = 'cancelled', final_outcome = 'cancelled', next_attempt_at = null, claim_token = null, updated_at = now()`;
    },

    /** The campaign row follows the workflow's state: status, counts, pause reason, spend. */
    async recordCampaignState(input: { userId: string; campaignId: string; status: CampaignStatus; outcomes?: Partial<Record<CallOutcome, number>>; error?: string }): Promise<void> {
      const { userId, campaignId, status } = input;
      const final = status.status === 'completed' || status.status === 'failed' || status.status === 'cancelled';
      await sql.begin(async (tx) => {
        const [before] = await tx<{ status: string; survey_id: string }[]>`
          select status, survey_id from campaigns where id = ${campaignId} and user_id = ${userId} for update`;
        await tx`
          update campaigns set
            status = ${status.status}, completed_calls = ${status.completed_calls}, failed_calls = ${status.failed_calls},
            waiting_calls = ${status.waiting_calls}, pause_reason = ${status.pause_reason},
            estimated_spend = ${status.estimated_spend}, error = coalesce(${input.error ?? null}, error),
            ${input.outcomes ? tx`outcome_counts = ${tx.json(input.outcomes)},` : tx``}
            completed_at = ${final ? tx`coalesce(completed_at, now())` : tx`null`}
          where id = ${campaignId} and user_id = ${userId}`;
        // an event per change of state: the workflow records the same state again on retries and counts
        const type = campaignStateEvents[status.status];
        if (!before || !type || before.status === status.status) return;
        const [count] = await tx<{ n: number }[]>`
          select count(*)::int as n from webhook_events where user_id = ${userId} and dedupe_key like ${`${type}:${campaignId}:%`}`;
        await events.record(tx, {
          userId,
          type,
          dedupeKey: `${type}:${campaignId}:${count!.n}`,
          data: {
            campaign_id: campaignId,
            survey_id: before.survey_id,
            status: status.status,
            previous_status: before.status,
            pause_reason: status.pause_reason,
            total_contacts: status.total_contacts,
            completed_calls: status.completed_calls,
            failed_calls: status.failed_calls,
            estimated_spend: status.estimated_spend,
            ...(input.error ? { error: input.error } : {}),
          },
        });
      });
      await events.flush(userId);
    },
  };
}
