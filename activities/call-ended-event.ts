import type { CallOutcome } from '../src/domain/call-outcome.ts';
import type { WebhookEvent } from '../src/webhooks/webhook-events.ts';

/** A call whose end was just stored, as its webhook event reports it. */
export interface EndedCall {
  userId: string;
  callId: string;
  campaignId: string;
  surveyId: string;
  contactId: string;
  attempt: number;
  outcome: CallOutcome;
  durationSeconds: number;
  endedAt: Date;
  answeredQuestions: number;
  /** when the contact will be called again; null when this was its last attempt */
  nextAttemptAt: string | null;
}

/**
 * The `call.completed` or `call.failed` event of a call's end: one shape wherever a call ends (its
 * result recorded, or settled after its run closed without one), one event per call whichever
 * records it first.
 */
export function callEndedEvent(call: EndedCall): WebhookEvent {
  return {
    userId: call.userId,
    type: call.outcome === 'completed' ? 'call.completed' : 'call.failed',
    dedupeKey: `call:${call.callId}`,
    data: {
      call_id: call.callId,
      campaign_id: call.campaignId,
      survey_id: call.surveyId,
      contact_id: call.contactId,
      attempt: call.attempt,
      outcome: call.outcome,
      duration_seconds: call.durationSeconds,
      ended_at: call.endedAt.toISOString(),
      answered_questions: call.answeredQuestions,
      next_attempt_at: call.nextAttemptAt,
    },
  };
}
