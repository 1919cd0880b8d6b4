import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { DispatchResult } from '../activities/calls.ts';
import type { CallingHours } from '../src/domain/calling-hours.ts';
import type { CallReport } from '../src/domain/call-report.ts';
import { acceptCallReport } from './call-report-intake.ts';
import { freshHistory, mayLeaveVoicemail, planRetry, type ContactHistory } from '../src/domain/retry-plan.ts';
import type { RetryPolicy } from '../src/domain/retry-policy.ts';
import { CallOutcomeAttr } from '../src/temporal/search-attributes.ts';
import { legacyContactCallWorkflow, type ContactCallInput as LegacyContactCallInput } from './legacy/contact-call-v1.ts';
import { failureTypes, callCompletedSignal, campaignContinuedSignal, contactCallStateQuery, contactFinishedRequestId, contactFinishedSignal, hangUpSignal, type ContactCallState, type ContactFinished } from './messages.ts';
import { activityPolicies } from './activity-policies.ts';

/** Inputs carrying 2: one run per dial, waiting outside the workflow; stored by an activity, told by an external signal. */
export const STEERABLE_CONTACT_PROTOCOL = 2;
/** Inputs carrying 3: the same, stored and told by local activities, for fewer history events per contact. */
export const LEAN_CONTACT_PROTOCOL = 3;
/**
 * Inputs carrying 4 (new runs): the same, but the campaign run that started it takes the result as the
 * run closes (an event it gets anyway); the run tells the campaign by signal only once that campaign
 * run said it continues as new: one signal, one campaign event and one Cloud action less a contact.
 */
export const CONTACT_PROTOCOL = 4;

export interface CallPolicy {
  retry: RetryPolicy;
  /** How long to wait for the call-completed signal once the call is dispatched. */
  callResultTimeoutMs: number;
  /** The rate-limited task queue whose workers place calls (pacing across all campaigns); unset: the workflow's own. */
  dialTaskQueue?: string;
  /** Write mapped answers back to the survey's Google Form after each call with answers. */
  submitToGoogleForm?: boolean;
  /** checked at dial time and when a retry is scheduled; null: any time */
  callingHours: CallingHours | null;
  /** estimated price of a minute of call (carrier + agent + speech), for the spend cap */
  costPerMinute: number;
}

export interface ContactCallInput {
  protocol: typeof CONTACT_PROTOCOL | typeof LEAN_CONTACT_PROTOCOL | typeof STEERABLE_CONTACT_PROTOCOL;
  userId: string;
  campaignId: string;
  surveyId: string;
  contactId: string;
  campaignWorkflowId: string;
  fromNumber: string;
  trunkId: string;
  policy: CallPolicy;
  /** what earlier runs used; absent on the first */
  history?: ContactHistory;
  /** the contact's quota segment, told back to the campaign with the result */
  segment?: string;
}

const { remapUnclearAnswers, submitToGoogleForm } = proxyActivities<Activities>(activityPolicies.afterCall);
const { recordCallResult, hangUpCall } = proxyActivities<Activities>(activityPolicies.bookkeeping);
// local: one marker event each and no workflow task of their own (both are idempotent, see their activities)
const local = proxyLocalActivities<Activities>(activityPolicies.bookkeeping);

/**
 * One dial of one contact: dispatched under its own call id (or deferred to the contact's calling
 * hours), a durable wait for the agent's report, the result stored, the next attempt planned by the
 * retry policy, then the campaign told. A contact that will be tried again ends this run and waits
 * in the database, holding no call slot; the campaign starts the next run when it is due.
 */
export async function contactCallWorkflow(input: ContactCallInput | LegacyContactCallInput): Promise<ContactFinished> {
  if (!('protocol' in input) || ![CONTACT_PROTOCOL, LEAN_CONTACT_PROTOCOL, STEERABLE_CONTACT_PROTOCOL].includes(input.protocol)) {
    return legacyContactCallWorkflow(input as LegacyContactCallInput);
  }
  const lean = input.protocol !== STEERABLE_CONTACT_PROTOCOL;
  const toldByClose = input.protocol === CONTACT_PROTOCOL;
  const history = input.history ?? freshHistory;
  const attempt = history.attempts + 1;
  // uuid4 is replay-safe: the same run always gets the same call id
  const callId = uuid4();
  const state: ContactCallState = { contactId: input.contactId, attempt, callId, phase: 'dialing', outcome: null };
  let report: CallReport | undefined;
  let hangUpRequested = false;
  let campaignContinued = false;
  const mustTell = () => !toldByClose || campaignContinued;

  setHandler(contactCallStateQuery, () => state);
  if (toldByClose) setHandler(campaignContinuedSignal, () => void (campaignContinued = true));
  setHandler(hangUpSignal, () => void (hangUpRequested = true));
  setHandler(callCompletedSignal, (payload) => {
    const accepted = acceptCallReport(payload, state, report !== undefined);
    if (accepted) report = accepted;
  });

  const { dispatchCall } = proxyActivities<Activities>({
    ...activityPolicies.dial,
    ...(input.policy.dialTaskQueue ? { taskQueue: input.policy.dialTaskQueue } : {}),
  });

  let infrastructure = false;
  let providerFailure = false;
  try {
    const placed: DispatchResult = await dispatchCall({
      callId,
      attempt,
      workflowId: workflowInfo().workflowId,
      userId: input.userId,
      campaignId: input.campaignId,
      surveyId: input.surveyId,
      contactId: input.contactId,
      fromNumber: input.fromNumber,
      trunkId: input.trunkId,
      callingHours: input.policy.callingHours,
      history,
      leaveVoicemail: mayLeaveVoicemail(input.policy.retry, history),
    });
    if ('deferredUntil' in placed) {
      // nothing dialed, no attempt used: the contact waits for its hours, the slot is free
      state.phase = 'waiting_to_retry';
      return tellCampaign(input, { contactId: input.contactId, outcome: 'no_answer', attempts: history.attempts, waitingUntil: placed.deferredUntil }, { mustTell });
    }
    state.phase = 'in_call';
    if (placed.ended) {
      // busy, no answer, declined, invalid number: the network's word is final for this attempt
      report = { ...failedReport(callId, placed.ended.reason), outcome: placed.ended.outcome, sip_status: placed.ended.sipStatus };
    }
    const reported = () => report !== undefined || hangUpRequested;
    let ended = lean ? await untilOrLapse(reported, input.policy.callResultTimeoutMs) : await condition(reported, input.policy.callResultTimeoutMs);
    if (!ended && reportOutranksLapse(report)) ended = true;
    if (!report && hangUpRequested) {
      await hangUpCall({ callId });
      report = { ...failedReport(callId, 'hung up: the campaign was cancelled'), outcome: 'cancelled' };
    } else if (!ended) {
      // the agent never reported: ours to reconcile, not the contact's fault
      await hangUpCall({ callId });
      report = failedReport(callId, `no call result within ${input.policy.callResultTimeoutMs} ms`);
      infrastructure = true;
    }
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    if (failureOf(error) === failureTypes.dialLost) {
      // the interrupted dial may have rung and ended before anyone asked: its agent's report (already
      // here, or on its way) is the attempt's result; without one the attempt is ours (a lost worker,
      // not the provider's fault or the contact's) and is retried without using the contact's budget
      state.phase = 'in_call';
      const reported = report !== undefined || (await condition(() => report !== undefined, Math.min(LOST_DIAL_REPORT_GRACE_MS, input.policy.callResultTimeoutMs)));
      if (!reported && !reportOutranksLapse(report)) {
        report = failedReport(callId, error.cause?.message ?? error.message);
        infrastructure = true;
      }
    } else {
      report = failedReport(callId, error.cause?.message ?? error.message);
      if (failureOf(error) === failureTypes.contactNotFound) {
        state.phase = 'finished';
        return tellCampaign(input, { contactId: input.contactId, outcome: 'failed', attempts: attempt }, { mustTell, finalOutcome: report.outcome });
      }
      // the dial itself failed after its retries: the provider's trouble (or ours), never the contact's
      infrastructure = failureOf(error) !== failureTypes.outsideCallingHours;
      providerFailure = infrastructure;
    }
  }

  const plan = planRetry({
    policy: input.policy.retry,
    history,
    outcome: report!.outcome,
    infrastructure,
    callbackAt: report!.callback_at,
    now: Date.now(),
    random: Math.random, // seeded by the workflow: replay-safe
  });
  const retryAt = plan.delayMs === null || hangUpRequested ? null : new Date(Date.now() + plan.delayMs).toISOString();
  state.phase = retryAt ? 'waiting_to_retry' : 'finished';
  state.outcome = report!.outcome;
  const cost = (report!.duration_seconds / 60) * input.policy.costPerMinute;
  const finished = withSegment(input, { contactId: input.contactId, outcome: report!.outcome, attempts: attempt, providerFailure, cost });
  const unclearAnswers = report!.answers.some((a) => a.method === 'unclear');
  const formWriteBack = input.policy.submitToGoogleForm === true && report!.answers.length > 0;
  // without work after the call, the recording activity also tells the campaign (protocols 3 and 4)
  const toldWhileRecording = lean && !unclearAnswers && !formWriteBack && mustTell();
  const recorded = await (lean ? local.recordCallResult : recordCallResult)({
    userId: input.userId,
    surveyId: input.surveyId,
    contactId: input.contactId,
    callId,
    report: report!,
    infrastructure,
    next: {
      campaignId: input.campaignId,
      history: plan.history,
      retryAt,
      reason: infrastructure ? 'infrastructure' : report!.outcome === 'callback_requested' ? 'callback' : 'retry',
      callingHours: input.policy.callingHours,
    },
    ...(toldWhileRecording ? { tellCampaign: campaignReport(input, finished) } : {}),
  });
  if (unclearAnswers) {
    await remapUnclearAnswers({ userId: input.userId, surveyId: input.surveyId, callId }).catch((error) => {
      // the answers stay stored as unclear; a human (or a later pass) can map them
      log.warn('unclear answers were not remapped', { error: String(error) });
    });
  }
  if (formWriteBack) {
    await submitToGoogleForm({ userId: input.userId, surveyId: input.surveyId, callId }).catch((error) => {
      log.warn('answers were not written to the Google Form', { error: String(error) });
    });
  }
  const { nextAttemptAt } = recorded;
  // the stored outcome: a repeated recording keeps the first (older protocols told it only by the activity)
  const outcome = toldByClose ? (recorded.outcome ?? report!.outcome) : report!.outcome;
  return tellCampaign(input, { ...finished, outcome, waitingUntil: nextAttemptAt }, { mustTell, finalOutcome: nextAttemptAt ? null : outcome, alreadyTold: toldWhileRecording });
}

/**
 * `condition(fn, timeoutMs)` without its cancelled timer: no timer when `fn` already holds, and one
 * left to lapse otherwise (a run that ends drops it), which saves the TimerCanceled event per call.
 */
async function untilOrLapse(fn: () => boolean, timeoutMs: number): Promise<boolean> {
  if (fn()) return true;
  return Promise.race([condition(fn).then(() => true), sleep(timeoutMs).then(() => false)]);
}

function withSegment(input: ContactCallInput, result: ContactFinished): ContactFinished {
  return input.segment !== undefined ? { ...result, segment: input.segment } : result;
}

/** The run's report to its campaign; the request id makes a repeat (a retried workflow task) a no-op. */
function campaignReport(input: ContactCallInput, finished: ContactFinished) {
  const { workflowId, runId } = workflowInfo();
  return { campaignWorkflowId: input.campaignWorkflowId, requestId: contactFinishedRequestId(workflowId, runId), finished };
}

/**
 * A report and the lapse of its wait can land in the same workflow task (the worker or the cluster
 * was away while both happened), and `untilOrLapse`'s race then picks the lapse although the report
 * is here (`condition(fn)` is an async function: more promise steps than `sleep`'s): the report is
 * the call's result. Patched: runs that took the lapse replay so.
 */
function reportOutranksLapse(report: CallReport | undefined): boolean {
  return report !== undefined && patched(REPORT_OUTRANKS_LAPSE);
}
const REPORT_OUTRANKS_LAPSE = 'report-outranks-lapse';

/** How long an attempt whose dial was lost waits for a report from a call that may have happened. */
const LOST_DIAL_REPORT_GRACE_MS = 60_000;

function failedReport(callId: string, error: string): CallReport {
  return { call_id: callId, outcome: 'failed', answers: [], transcript: [], duration_seconds: 0, error };
}

function failureOf(error: ActivityFailure): string | undefined {
  return error.cause instanceof ApplicationFailure ? error.cause.type ?? undefined : undefined;
}

interface Telling {
  /** whether the campaign must be told by signal, read as the run ends (see `tellCampaign`) */
  mustTell: () => boolean;
  /** the contact's final outcome, for the search attribute; null while it will be tried again */
  finalOutcome?: string | null;
  /** the recording activity already told it */
  alreadyTold?: boolean;
}

/**
 * Ends the run with its result, reporting it to the campaign where the protocol says so (unless the
 * recording activity already did); `finalOutcome` (when the contact is done) goes on the search
 * attribute. A current run that was not told its campaign continued as new returns in the same
 * workflow task as it decides not to tell: a `campaignContinued` signal that comes while that task
 * runs makes Temporal refuse the close, and the next task, seeing the signal, tells.
 */
async function tellCampaign(input: ContactCallInput, result: ContactFinished, { mustTell, finalOutcome = null, alreadyTold = false }: Telling): Promise<ContactFinished> {
  const finished = withSegment(input, result);
  if (finalOutcome) upsertSearchAttributes([{ key: CallOutcomeAttr, value: finalOutcome }]);
  if (input.protocol !== STEERABLE_CONTACT_PROTOCOL) {
    if (mustTell() && !alreadyTold) await local.reportToCampaign(campaignReport(input, finished));
    return finished;
  }
  try {
    await getExternalWorkflowHandle(input.campaignWorkflowId).signal(contactFinishedSignal, finished);
  } catch (error) {
    // the campaign was terminated; this contact's result is in the database either way
    log.warn('campaign did not take the contact result', { error: String(error) });
  }
  return finished;
}
