import type { Sql } from '../src/db/client.ts';
import type { CallOutcome } from '../src/domain/call-outcome.ts';
import type { CallDialer } from '../src/telephony/ports.ts';
import type { ContactFinished } from '../workflows/messages.ts';

export interface RunsWithoutResultDeps {
  sql: Sql;
  dialer: CallDialer;
}

/**
 * A contact run that closed without a result (an operator terminated it in the Web UI, say) would
 * leave its contact in flight and its campaign waiting for it forever. This settles the contact
 * from what the database holds: a call still open is hung up and ends as failed (ours, not the
 * contact's), a contact still dialing finishes as failed, and one the run already recorded (waiting
 * for a retry, or finished) keeps what was recorded. Repeats change nothing.
 */
export function createRunsWithoutResultActivities({ sql, dialer }: RunsWithoutResultDeps) {
  return {
    async settleRunWithoutResult(input: { userId: string; campaignId: string; contactId: string; reason: string }): Promise<ContactFinished> {
      const { userId, campaignId, contactId } = input;
      const open = await sql<{ id: string }[]>`
        select id from calls
        where user_id = ${userId} and campaign_id = ${campaignId} and contact_id = ${contactId} and outcome is null`;
      // before the rows change: a hang-up that fails leaves them open for the retried activity
      for (const call of open) await dialer.hangUp(call.id);
      return sql.begin(async (tx) => {
        await tx`
          update calls set outcome = 'failed', error = ${input.reason}, infrastructure_failure = true, ended_at = coalesce(ended_at, now())
          where user_id = ${userId} and campaign_id = ${campaignId} and contact_id = ${contactId} and outcome is null`;
        // still dialing (or claimed, not dialed): finished as failed; what the run recorded otherwise stands
        await tx`
          insert into campaign_contacts (campaign_id, contact_id, user_id, state, final_outcome)
          values (${campaignId}, ${contactId}, ${userId}, 'finished', 'failed')
          on conflict (campaign_id, contact_id) do update set
            state = 'finished', final_outcome = 'failed', next_attempt_at = null, claim_token = null, updated_at = now()
            where campaign_contacts.state in ('dialing', 'scheduled')`;
        const [settled] = await tx<{ finalOutcome: CallOutcome | null; nextAttemptAt: Date | null; attempts: number }[]>`
          select cc.final_outcome as "finalOutcome", cc.next_attempt_at as "nextAttemptAt",
            (select count(*)::int from calls where user_id = ${userId} and campaign_id = ${campaignId} and contact_id = ${contactId}) as attempts
          from campaign_contacts cc
          where cc.campaign_id = ${campaignId} and cc.contact_id = ${contactId} and cc.user_id = ${userId}`;
        // waiting (for a retry or its hours): no final outcome yet, counted as waiting by its date
        return {
          contactId,
          outcome: settled!.finalOutcome ?? 'failed',
          attempts: settled!.attempts,
          waitingUntil: settled!.nextAttemptAt ? settled!.nextAttemptAt.toISOString() : null,
        };
      });
    },
  };
}
