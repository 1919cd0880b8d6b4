import type { CallReport } from '../src/domain/call-report.ts';
import type { Questionnaire } from '../src/domain/questionnaire.ts';
import type { Sql } from '../src/db/client.ts';
import { upsertResponses } from '../src/responses/upsert-responses.ts';
import type { CallDialer, DialedCall } from '../src/telephony/ports.ts';
import { failureTypes, permanentFailure } from './errors.ts';

export interface CallDeps {
  sql: Sql;
  dialer: CallDialer;
}

export interface DispatchCallInput {
  /** Chosen by the workflow before dispatching, so a report that beats the activity's result is still matched. */
  callId: string;
  attempt: number;
  workflowId: string;
  userId: string;
  campaignId: string;
  surveyId: string;
  contactId: string;
  fromNumber: string;
  trunkId: string;
}

export function createCallActivities({ sql, dialer }: CallDeps) {
  return {
    /**
     * Records the attempt (unique per campaign, contact and attempt) and asks the dialer to place it
     * under the call id, which the dialer treats as an idempotency key: a retried activity, or one
     * retried after its worker died mid-dial, never rings the contact a second time.
     */
    async dispatchCall(input: DispatchCallInput): Promise<DialedCall> {
      const { callId, attempt, userId, campaignId, contactId } = input;
      const [contact] = await sql<{ phone_number: string; participant_name: string | null; questionnaire: Questionnaire }[]>`
        select c.phone_number, c.participant_name, s.questionnaire
        from contacts c join surveys s on s.id = c.survey_id and s.user_id = c.user_id
        where c.id = ${contactId} and c.user_id = ${userId}`;
      if (!contact) throw permanentFailure(failureTypes.contactNotFound, `contact ${contactId} no longer exists`);

      const [blocked] = await sql`
        select 1 from do_not_call where user_id = ${userId} and phone_number = ${contact.phone_number}`;
      const [call] = await sql<{ id: string }[]>`
        insert into calls (id, user_id, campaign_id, contact_id, attempt, provider, to_number, from_number, dial_requested_at)
        values (${callId}, ${userId}, ${campaignId}, ${contactId}, ${attempt}, ${dialer.name},
                ${contact.phone_number}, ${input.fromNumber}, now())
        on conflict (campaign_id, contact_id, attempt) do update set dial_requested_at = calls.dial_requested_at
        returning id`;
      if (call!.id !== callId) {
        throw permanentFailure(failureTypes.providerRejected, `attempt ${attempt} already dialed as call ${call!.id}`);
      }

      if (blocked) {
        // recorded as an attempt, never dialed: the person asked not to be called
        return { providerCallId: `dnc-${callId}`, roomName: '', ended: { outcome: 'opted_out', sipStatus: null, reason: 'on the do-not-call list' } };
      }
      const placed = await dialer.dial({
        ...input,
        participantName: contact.participant_name,
        toNumber: contact.phone_number,
        questionIds: contact.questionnaire.map((q) => q.id),
      });
      await sql`
        update calls set provider_call_id = ${placed.providerCallId}, room_name = ${placed.roomName},
          dialed_at = coalesce(dialed_at, now()), sip_status = ${placed.ended?.sipStatus ?? null}
        where id = ${callId} and user_id = ${userId}`;
      return placed;
    },

    /** Stores the outcome and every answer; re-running it rewrites the same rows. */
    async recordCallResult(input: {
      userId: string;
      surveyId: string;
      contactId: string;
      callId: string;
      report: CallReport;
    }): Promise<void> {
      const { userId, surveyId, contactId, callId, report } = input;
      await sql.begin(async (tx) => {
        const [updated] = await tx`
          update calls set
            outcome = ${report.outcome}, sip_status = ${report.sip_status ?? null}, error = ${report.error ?? null},
            transcript = ${tx.json(report.transcript)}, duration_seconds = ${report.duration_seconds},
            callback_at = ${report.callback_at ?? null},
            ended_at = coalesce(ended_at, now())
          where id = ${callId} and user_id = ${userId}
          returning id`;
        if (!updated) throw permanentFailure(failureTypes.contactNotFound, `call ${callId} no longer exists`);
        if (report.outcome === 'opted_out') {
          await tx`
            insert into do_not_call (user_id, phone_number, source)
            select user_id, to_number, 'call' from calls where id = ${callId} and user_id = ${userId}
            on conflict do nothing`;
        }
        await upsertResponses(tx, { userId, callId, surveyId, contactId }, report.answers);
      });
    },

    async hangUpCall(input: { callId: string }): Promise<void> {
      await dialer.hangUp(input.callId);
    },
  };
}
