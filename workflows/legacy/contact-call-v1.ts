import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { DialedCall } from '../../src/telephony/ports.ts';
import type { CallOutcome } from '../../src/domain/call-outcome.ts';
import type { CallReport } from '../../src/domain/call-report.ts';
import { acceptCallReport } from '../call-report-intake.ts';
import { CallOutcomeAttr } from '../../src/temporal/search-attributes.ts';
import { failureTypes, callCompletedSignal, contactCallStateQuery, contactFinishedSignal, type ContactCallState, type ContactFinished } from '../messages.ts';

/** Frozen with this version: the shared list has grown since. */
const retryableOutcomes: ReadonlySet<CallOutcome> = new Set(['no_answer', 'busy', 'failed', 'callback_requested']);

export interface CallPolicy {
  maxAttempts: number;
  retryDelayMs: number;
  /** How long to wait for the call-completed signal once the call is dispatched. */
  callResultTimeoutMs: number;
  /** The rate-limited task queue whose workers place calls (pacing across all campaigns); unset: the workflow's own. */
  dialTaskQueue?: string;
  /** Write mapped answers back to the survey's Google Form after each call with answers. */
  submitToGoogleForm?: boolean;
}

export interface ContactCallInput {
  userId: string;
  campaignId: string;
  surveyId: string;
  contactId: string;
  campaignWorkflowId: string;
  fromNumber: string;
  trunkId: string;
  policy: CallPolicy;
}

const dispatchOptions = {
  // covers ringing (waitUntilAnswered) plus room and dispatch set-up
  startToCloseTimeout: '3 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
} as const;
const { remapUnclearAnswers, submitToGoogleForm } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 6 },
});
const { recordCallResult, hangUpCall } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Version 1, kept as it was so that contact workflows started before campaign control replay and
 * finish unchanged (their input has no `protocol`). Do not change its behaviour.
 *
 * Owns one contact's whole life in a campaign: attempt after attempt, each dialed once under its own
 * call id, a durable wait for the agent's report, the result stored, then the campaign told.
 */
export async function legacyContactCallWorkflow(input: ContactCallInput): Promise<ContactFinished> {
  const state: ContactCallState = { contactId: input.contactId, attempt: 0, callId: null, phase: 'dialing', outcome: null };
  let report: CallReport | undefined;

  const { dispatchCall } = proxyActivities<Activities>({
    ...dispatchOptions,
    ...(input.policy.dialTaskQueue ? { taskQueue: input.policy.dialTaskQueue } : {}),
  });
  setHandler(contactCallStateQuery, () => state);
  setHandler(callCompletedSignal, (payload) => {
    const accepted = acceptCallReport(payload, state, report !== undefined);
    if (accepted) report = accepted;
  });

  for (let attempt = 1; ; attempt++) {
    report = undefined;
    // uuid4 is replay-safe: the same attempt always gets the same call id
    const callId = uuid4();
    Object.assign(state, { attempt, callId, phase: 'dialing', outcome: null });
    try {
      // without calling hours the dial is never deferred: always a placed call
      const placed = (await dispatchCall({
        callId,
        attempt,
        workflowId: workflowInfo().workflowId,
        userId: input.userId,
        campaignId: input.campaignId,
        surveyId: input.surveyId,
        contactId: input.contactId,
        fromNumber: input.fromNumber,
        trunkId: input.trunkId,
      })) as DialedCall;
      state.phase = 'in_call';
      if (placed.ended) {
        // busy, no answer, declined, invalid number: the network's word is final for this attempt
        report = { ...failedReport(callId, placed.ended.reason), outcome: placed.ended.outcome, sip_status: placed.ended.sipStatus };
      }
      const reported = await condition(() => report !== undefined, input.policy.callResultTimeoutMs);
      if (!reported) {
        await hangUpCall({ callId });
        report = failedReport(callId, `no call result within ${input.policy.callResultTimeoutMs} ms`);
      }
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      report = failedReport(callId, describeFailure(error));
      if (isContactGone(error)) {
        state.phase = 'finished';
        return finish(input, state, report, attempt, false);
      }
    }
    const finalAttempt = attempt >= input.policy.maxAttempts || !retryableOutcomes.has(report!.outcome);
    state.phase = finalAttempt ? 'finished' : 'waiting_to_retry';
    state.outcome = report!.outcome;
    await recordCallResult({
      userId: input.userId,
      surveyId: input.surveyId,
      contactId: input.contactId,
      callId,
      report: report!,
    });
    // patched: contact workflows started before this step existed replay without it
    if (patched('remap-unclear-answers') && report!.answers.some((a) => a.method === 'unclear')) {
      await remapUnclearAnswers({ userId: input.userId, surveyId: input.surveyId, callId }).catch((error) => {
        // the answers stay stored as unclear; a human (or a later pass) can map them
        log.warn('unclear answers were not remapped', { error: String(error) });
      });
    }
    if (input.policy.submitToGoogleForm && report!.answers.length > 0) {
      await submitToGoogleForm({ userId: input.userId, surveyId: input.surveyId, callId }).catch((error) => {
        log.warn('answers were not written to the Google Form', { error: String(error) });
      });
    }
    if (finalAttempt) return finish(input, state, report!, attempt, true);
    await sleep(retryDelay(report!, input.policy.retryDelayMs));
  }
}

const MAX_CALLBACK_DELAY_MS = 7 * 24 * 3600 * 1000;

/** The person's requested callback time when there is one (Date.now() is replay-safe in workflows). */
function retryDelay(report: CallReport, defaultMs: number): number {
  if (report.outcome !== 'callback_requested' || !report.callback_at) return defaultMs;
  const wanted = Date.parse(report.callback_at) - Date.now();
  return Math.min(Math.max(wanted, defaultMs), MAX_CALLBACK_DELAY_MS);
}

function failedReport(callId: string, error: string): CallReport {
  return { call_id: callId, outcome: 'failed', answers: [], transcript: [], duration_seconds: 0, error };
}

function isContactGone(error: ActivityFailure): boolean {
  return error.cause instanceof ApplicationFailure && error.cause.type === failureTypes.contactNotFound;
}

function describeFailure(error: ActivityFailure): string {
  return error.cause?.message ?? error.message;
}

async function finish(
  input: ContactCallInput,
  state: ContactCallState,
  report: CallReport,
  attempts: number,
  recorded: boolean,
): Promise<ContactFinished> {
  state.outcome = report.outcome;
  upsertSearchAttributes([{ key: CallOutcomeAttr, value: report.outcome }]);
  const finished: ContactFinished = { contactId: input.contactId, outcome: report.outcome, attempts };
  try {
    await getExternalWorkflowHandle(input.campaignWorkflowId).signal(contactFinishedSignal, finished);
  } catch (error) {
    // the campaign was terminated or cancelled; this contact's result is in the database either way
    log.warn('campaign did not take the contact result', { error: String(error), recorded });
  }
  return finished;
}
