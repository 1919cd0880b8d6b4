import type { Sql } from '../src/db/client.ts';
import type { CallOutcome } from '../src/domain/call-outcome.ts';
import { activityLogger } from '../src/observability/activity-logger.ts';
import { dialsTotal } from '../src/observability/metrics.ts';
import type { CallDialer } from '../src/telephony/ports.ts';
import type { ContactFinished } from '../workflows/messages.ts';
import { callEndedEvent } from './call-ended-event.ts';
import type { WebhookHook } from './webhook-hook.ts';

export interface RunsWithoutResultDeps {
  sql: Sql;
  dialer: CallDialer;
  /** a call settled here ends as failed: a call.failed webhook event, as any other failed call */
  events: WebhookHook;
}

/**
 * A contact run that closed without a result (an operator terminated it in the Web UI, say) would
 * leave its contact in flight and its campaign waiting for it forever. This settles the contact
 * from what the database holds: a call still open is hung up and ends as failed (ours, not the
 * contact's), a contact still dialing finishes as failed, and one the run already recorded (waiting
 * for a retry, or finished) keeps what was recorded. Repeats change nothing.
 */
export function createRunsWithoutResultActivities({ sql, dialer, events }: RunsWithoutResultDeps) {
  return {
    async settleRunWithoutResult(input: { userId: string; campaignId: string; contactId: string; reason: string }): Promise<ContactFinished> {
      const { userId, campaignId, contactId } = input;
      const open = await sql<{ id: string }[]>`
        select id from calls
        where user_id = ${userId} and campaign_id = ${campaignId} and contact_id = ${contactId} and outcome is null`;
      // before the rows change: a hang-up that fails leaves them open for the retried activity
      for (const call of open) await dialer.hangUp(call.id);
      const settled = await sql.begin(async (tx) => {
        const ended = await tx<{ id: string; surveyId: string; attempt: number; durationSeconds: number | null; endedAt: Date }[]>`
          update calls c set outcome = 'failed', error = ${input.reason}, infrastructure_failure = true, ended_at = coalesce(c.ended_at, now())
          from campaigns k
          where c.user_id = ${userId} and c.campaign_id = ${campaignId} and c.contact_id = ${contactId} and c.outcome is null
            and k.id = c.campaign_id and k.user_id = c.user_id
          returning c.id, k.survey_id as "surveyId", c.attempt, c.duration_seconds as "durationSeconds", c.ended_at as "endedAt"`;
        // still dialing (or claimed, not dialed): finished as failed; what the run recorded otherwise stands
        await tx`
          insert into campaign_contacts (campaign_id, contact_id, user_id, state, final_outcome)
          values (${campaignId}, ${contactId}, ${userId}, 'finished', 'failed')
          on conflict (campaign_id, contact_id) do update set
            state = 'finished', final_outcome = 'failed', next_attempt_at = null, claim_token = null, updated_at = now()
            where campaign_contacts.state in ('dialing', 'scheduled')`;
        const [contact] = await tx<{ finalOutcome: CallOutcome | null; nextAttemptAt: Date | null; attempts: number }[]>`
          select cc.final_outcome as "finalOutcome", cc.next_attempt_at as "nextAttemptAt",
            (select count(*)::int from calls where user_id = ${userId} and campaign_id = ${campaignId} and contact_id = ${contactId}) as attempts
          from campaign_contacts cc
          where cc.campaign_id = ${campaignId} and cc.contact_id = ${contactId} and cc.user_id = ${userId}`;
        // waiting (for a retry or its hours): no final outcome yet, counted as waiting by its date
        const waitingUntil = contact!.nextAttemptAt ? contact!.nextAttemptAt.toISOString() : null;
        for (const call of ended) {
          const event = callEndedEvent({
            userId,
            callId: call.id,
            campaignId,
            surveyId: call.surveyId,
            contactId,
            attempt: call.attempt,
            outcome: 'failed',
            durationSeconds: call.durationSeconds ?? 0,
            endedAt: call.endedAt,
            answeredQuestions: 0,
            nextAttemptAt: waitingUntil,
          });
          // its delivery is started by the flush below, after the commit
          await events.record(tx, event);
        }
        const finished: ContactFinished = { contactId, outcome: contact!.finalOutcome ?? 'failed', attempts: contact!.attempts, waitingUntil };
        return { finished, ended: ended.map((call) => call.id) };
      });
      if (settled.ended.length > 0) {
        // after the commit, and once per call: a repeat finds no open call
        dialsTotal.inc({ outcome: 'failed' }, settled.ended.length);
        activityLogger({ campaign_id: campaignId, contact_id: contactId }).warn({ calls: settled.ended, reason: input.reason }, 'calls settled as failed: their run closed without a result');
      }
      // every time, not only when this try recorded events: the first try's start may be what was lost
      await events.flush(userId);
      return settled.finished;
    },
  };
}
