import type { CallOutcome } from '../src/domain/call-outcome.ts';
import type { CallReport } from '../src/domain/call-report.ts';
import type { Questionnaire } from '../src/domain/questionnaire.ts';
import type { Queryable, Sql } from '../src/db/client.ts';
import { upsertResponses } from '../src/responses/upsert-responses.ts';
import type { CallDialer, DialedCall } from '../src/telephony/ports.ts';
import type { CallingHours } from '../src/domain/calling-hours.ts';
import type { ContactHistory } from '../src/domain/retry-plan.ts';
import { contactZones, nextOpening } from '../src/contacts/calling-window.ts';
import { permanentFailure } from './errors.ts';
import { heartbeatWhile } from './heartbeat-while.ts';
import { dialsTotal } from '../src/observability/metrics.ts';
import { activityLogger } from '../src/observability/activity-logger.ts';
import { contactStateUpsert, saveContactState, type ContactState } from './contact-state.ts';
import { failureTypes } from '../workflows/messages.ts';
import { callEndedEvent } from './call-ended-event.ts';
import type { WebhookHook } from './webhook-hook.ts';
import type { CampaignReport, CampaignTeller } from './campaign-report.ts';

export interface CallDeps {
  sql: Sql;
  dialer: CallDialer;
  /** a recorded call result becomes a call.completed or call.failed webhook event */
  events: WebhookHook;
  /** tells a campaign a contact's run is over, when the recording run asks for it */
  tell: CampaignTeller;
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
  /** checked at dial time, in the contact's zone; unset: any time (legacy workflows) */
  callingHours?: CallingHours | null;
  /** the contact's attempts so far, kept with it if the dial is deferred */
  history?: ContactHistory;
  /** the retry policy's voicemail rule for this attempt; unset (legacy workflows): the survey decides */
  leaveVoicemail?: boolean;
}

/** The dial was not placed: the contact's calling hours are closed until then. */
export interface DeferredDial {
  deferredUntil: string;
}

export type DispatchResult = DialedCall | DeferredDial;

/** Where a contact goes after an attempt: retried at `retryAt` (moved into its calling hours), or finished. */
export interface ContactNext {
  campaignId: string;
  history: ContactHistory;
  retryAt: string | null;
  reason: 'retry' | 'callback' | 'infrastructure';
  callingHours: CallingHours | null;
}

/** A call's recorded result: its outcome and, while the contact waits for its next attempt, when that is due. */
interface RecordedResult {
  campaignId: string;
  outcome: CallOutcome;
  nextAttemptAt: string | null;
}

/** What a call's first recording stored. */
async function storedResult(
  tx: Queryable,
  key: { userId: string; callId: string; contactId: string; campaignId: string | undefined },
): Promise<RecordedResult & { repeat: true }> {
  const [call] = await tx<{ campaign_id: string; outcome: CallOutcome }[]>`
    select campaign_id, outcome from calls where id = ${key.callId} and user_id = ${key.userId}`;
  if (!call) throw permanentFailure(failureTypes.contactNotFound, `call ${key.callId} no longer exists`);
  const [waiting] = key.campaignId
    ? await tx<{ next_attempt_at: Date | null }[]>`
        select next_attempt_at from campaign_contacts
        where campaign_id = ${key.campaignId} and contact_id = ${key.contactId} and user_id = ${key.userId} and state in ('waiting', 'scheduled')`
    : [];
  return { campaignId: call.campaign_id, outcome: call.outcome, nextAttemptAt: waiting?.next_attempt_at?.toISOString() ?? null, repeat: true };
}

/** The retry time, or the first moment after it inside the contact's calling hours; null if they never open. */
async function retryTimeInHours(sql: Sql, userId: string, contactId: string, next: ContactNext): Promise<string | null> {
  const retryAt = new Date(next.retryAt!);
  if (!next.callingHours) return retryAt.toISOString();
  const [contact] = await sql<{ phone_number: string; time_zone: string | null }[]>`
    select phone_number, time_zone from contacts where id = ${contactId} and user_id = ${userId}`;
  if (!contact) return retryAt.toISOString();
  return nextOpening(retryAt, next.callingHours, await contactZones(contact, next.callingHours.time_zone))?.toISOString() ?? null;
}

/** An attempt's row as an earlier try of its dial left it. */
interface StartedDial {
  id: string;
  dial_in_flight: boolean;
  provider_call_id: string | null;
  room_name: string | null;
}

/** What a dial reads before it rings: the contact, its questions, its attempt's row (null columns: none yet), the do-not-call list. */
interface DialContext {
  phone_number: string;
  participant_name: string | null;
  time_zone: string | null;
  questionnaire: Questionnaire;
  started_id: string | null;
  dial_in_flight: boolean | null;
  provider_call_id: string | null;
  room_name: string | null;
  blocked: boolean;
}

export function createCallActivities({ sql, dialer, events, tell }: CallDeps) {
  /**
   * A retry of an attempt the provider may already have: ask it, and never dial again. The last try
   * either lost its worker between writing the attempt and hearing back (`dial_in_flight`: the call
   * may be ringing, may have happened, or may never have left), or finished the dial but its result
   * never reached the workflow (the Temporal server was down). A call the provider has is carried on;
   * a lost dial ends as DialLost (ours, not the contact's), and a finished one waits for its report.
   */
  async function reconcileStartedDial(userId: string, started: StartedDial): Promise<DialedCall> {
    const found = await dialer.findCall(started.id);
    if (!started.dial_in_flight) return found ?? { providerCallId: started.provider_call_id!, roomName: started.room_name ?? '' };
    if (!found) throw permanentFailure(failureTypes.dialLost, `dial ${started.id} was interrupted and the provider has no such call; not dialed again`);
    await sql`
      update calls set provider_call_id = ${found.providerCallId}, room_name = ${found.roomName}, dial_in_flight = false,
        dialed_at = coalesce(dialed_at, now())
      where id = ${started.id} and user_id = ${userId}`;
    return found;
  }

  return {
    /**
     * Records the attempt (unique per campaign, contact and attempt) and asks the dialer to place it
     * under the call id, which the dialer treats as an idempotency key: a retried activity, or one
     * retried after its worker died mid-dial, never rings the contact a second time.
     */
    async dispatchCall(input: DispatchCallInput): Promise<DispatchResult> {
      const { callId, attempt, userId, campaignId, contactId, callingHours, history: _history, leaveVoicemail, ...request } = input;
      // one read: the contact and its survey's questions, this attempt's row if an earlier try wrote it
      // (checked at dial time, not only when scheduled), and the do-not-call list
      const [contact] = await sql<DialContext[]>`
        select c.phone_number, c.participant_name, c.time_zone, s.questionnaire,
          k.id as started_id, k.dial_in_flight, k.provider_call_id, k.room_name,
          exists (select 1 from do_not_call d where d.user_id = c.user_id and d.phone_number = c.phone_number) as blocked
        from contacts c
        join surveys s on s.id = c.survey_id and s.user_id = c.user_id
        left join calls k on k.campaign_id = ${campaignId} and k.contact_id = c.id and k.attempt = ${attempt} and k.user_id = c.user_id
        where c.id = ${contactId} and c.user_id = ${userId}`;
      if (!contact) throw permanentFailure(failureTypes.contactNotFound, `contact ${contactId} no longer exists`);
      const { blocked } = contact;
      const started: StartedDial | null = contact.started_id
        ? { id: contact.started_id, dial_in_flight: contact.dial_in_flight!, provider_call_id: contact.provider_call_id, room_name: contact.room_name }
        : null;
      // a retry of a dial already started skips the checks: ask the provider, never dial again
      if (started?.id === callId && (started.dial_in_flight || started.provider_call_id)) return reconcileStartedDial(userId, started);
      const zones = await contactZones(contact, callingHours?.time_zone ?? 'UTC');
      if (callingHours && !started) {
        const opens = nextOpening(new Date(), callingHours, zones);
        if (!opens) throw permanentFailure(failureTypes.outsideCallingHours, `the calling hours never open in ${zones.join(', ')}`);
        if (opens.getTime() > Date.now()) {
          const deferredUntil = opens.toISOString();
          await saveContactState(sql, { userId, campaignId, contactId }, { state: 'waiting', nextAttemptAt: deferredUntil, waitReason: 'calling_hours', history: input.history });
          return { deferredUntil };
        }
      }

      // the contact is dialing exactly when its attempt is written: one statement
      const [call] = await sql<{ id: string }[]>`
        with dialing as (${contactStateUpsert(sql, { userId, campaignId, contactId }, { state: 'dialing', history: input.history })})
        insert into calls (id, user_id, campaign_id, contact_id, attempt, provider, to_number, from_number, dial_requested_at, dial_in_flight)
        values (${callId}, ${userId}, ${campaignId}, ${contactId}, ${attempt}, ${dialer.name},
                ${contact.phone_number}, ${input.fromNumber}, now(), ${!blocked})
        on conflict (campaign_id, contact_id, attempt) do update set dial_requested_at = calls.dial_requested_at
        returning id`;
      if (call!.id !== callId) {
        throw permanentFailure(failureTypes.providerRejected, `attempt ${attempt} already dialed as call ${call!.id}`);
      }

      const log = activityLogger({ campaign_id: campaignId, contact_id: contactId, call_id: callId });
      if (blocked) {
        log.info({ attempt }, 'dial skipped: the number is on the do-not-call list');
        // recorded as an attempt, never dialed: the person asked not to be called
        return { providerCallId: `dnc-${callId}`, roomName: '', ended: { outcome: 'opted_out', sipStatus: null, reason: 'on the do-not-call list' } };
      }
      let placed: DialedCall;
      try {
        placed = await heartbeatWhile(dialer.dial({
        ...request,
        callId,
        attempt,
        userId,
        campaignId,
        contactId,
        participantName: contact.participant_name,
        toNumber: contact.phone_number,
        questionIds: contact.questionnaire.map((q) => q.id),
        timeZone: zones[0]!,
        leaveVoicemail: leaveVoicemail ?? true,
        }));
      } catch (error) {
        // the provider answered (it refused, or failed before ringing): a retry may dial again, and
        // the dialer's own idempotency (room and participant named after the call) still holds
        await sql`update calls set dial_in_flight = false where id = ${callId} and user_id = ${userId}`;
        throw error;
      }
      await sql`
        update calls set provider_call_id = ${placed.providerCallId}, room_name = ${placed.roomName}, dial_in_flight = false,
          dialed_at = coalesce(dialed_at, now()), sip_status = ${placed.ended?.sipStatus ?? null}
        where id = ${callId} and user_id = ${userId}`;
      log.info({ attempt, provider: dialer.name, immediate_outcome: placed.ended?.outcome ?? null }, 'dial placed');
      return placed;
    },

    /**
     * Stores the outcome and every answer and, with `next` (campaign control), where the contact stands:
     * finished, or waiting until a retry time moved into its calling hours, which it returns. A call's
     * first recorded result stands: a repeat (a retried activity, or a workflow task retried after its
     * first try had recorded and told the campaign, then saw more history and decided otherwise) writes
     * nothing, tells the campaign what was recorded, and returns it, so the database and the campaign's
     * counts never disagree.
     */
    async recordCallResult(input: {
      userId: string;
      surveyId: string;
      contactId: string;
      callId: string;
      report: CallReport;
      /** the attempt was lost to our infrastructure or the carrier, not the contact's doing */
      infrastructure?: boolean;
      next?: ContactNext;
      /** told to the campaign once the result is stored, with `waitingUntil` from this recording */
      tellCampaign?: CampaignReport;
    }): Promise<{ nextAttemptAt: string | null; /** the stored outcome (absent in results recorded before contact protocol 4) */ outcome?: CallOutcome }> {
      const { userId, surveyId, contactId, callId, report, next } = input;
      const retryAt = next?.retryAt ? await retryTimeInHours(sql, userId, contactId, next) : null;
      const recorded = await sql.begin(async (tx): Promise<RecordedResult & ({ repeat: true } | { repeat: false; queued: boolean })> => {
        const [updated] = await tx`
          update calls set
            outcome = ${report.outcome}, sip_status = ${report.sip_status ?? null}, error = ${report.error ?? null},
            transcript = ${tx.json(report.transcript)}, duration_seconds = ${report.duration_seconds},
            callback_at = ${report.callback_at ?? null}, infrastructure_failure = ${input.infrastructure ?? false},
            ended_at = coalesce(ended_at, now())
          where id = ${callId} and user_id = ${userId} and outcome is null
          returning campaign_id, attempt, ended_at`;
        if (!updated) return storedResult(tx, { userId, callId, contactId, campaignId: next?.campaignId });
        // independent writes, issued together: postgres.js sends them in one write and PostgreSQL runs
        // them in order (a pipeline), one round trip instead of one each
        const state: ContactState | null = !next
          ? null
          : retryAt
            ? { state: 'waiting', nextAttemptAt: retryAt, waitReason: next.reason, history: next.history }
            : { state: 'finished', finalOutcome: report.outcome, history: next.history };
        const [queued] = await Promise.all([
          events.record(
            tx,
            callEndedEvent({
              userId,
              callId,
              campaignId: updated.campaign_id as string,
              surveyId,
              contactId,
              attempt: updated.attempt as number,
              outcome: report.outcome,
              durationSeconds: report.duration_seconds,
              endedAt: updated.ended_at as Date,
              answeredQuestions: report.answers.length,
              nextAttemptAt: retryAt,
            }),
          ),
          report.outcome === 'opted_out' &&
            tx`
              insert into do_not_call (user_id, phone_number, source)
              select user_id, to_number, 'call' from calls where id = ${callId} and user_id = ${userId}
              on conflict do nothing`,
          upsertResponses(tx, { userId, callId, surveyId, contactId }, report.answers),
          state && saveContactState(tx, { userId, campaignId: next!.campaignId, contactId }, state),
        ]);
        return { campaignId: updated.campaign_id as string, outcome: report.outcome, nextAttemptAt: retryAt, repeat: false, queued };
      });
      const { nextAttemptAt } = recorded;
      const log = activityLogger({ campaign_id: recorded.campaignId, contact_id: contactId, call_id: callId });
      if (recorded.repeat) {
        if (recorded.outcome !== report.outcome) log.warn({ recorded: recorded.outcome, offered: report.outcome }, 'call result already recorded; the first one stands');
      } else {
        // after the commit, and once per call: a retried activity does not count twice
        dialsTotal.inc({ outcome: report.outcome });
        log.info(
          { outcome: report.outcome, sip_status: report.sip_status ?? null, duration_seconds: report.duration_seconds, infrastructure: input.infrastructure ?? false, next_attempt_at: nextAttemptAt },
          'call result recorded',
        );
      }
      // start deliveries when this recording queued some, and on every repeat: the first try's start may be
      // what was lost
      if (recorded.repeat || recorded.queued) await events.flush(userId);
      // last: a campaign told of a retry may start the contact's next run at once
      if (input.tellCampaign) {
        await tell({ ...input.tellCampaign, finished: { ...input.tellCampaign.finished, outcome: recorded.outcome, waitingUntil: nextAttemptAt } });
      }
      return { nextAttemptAt, outcome: recorded.outcome };
    },

    async hangUpCall(input: { callId: string }): Promise<void> {
      await dialer.hangUp(input.callId);
    },
  };
}
