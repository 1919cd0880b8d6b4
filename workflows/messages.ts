import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallOutcome } from '../src/domain/call-outcome.ts';
import type { CallReportInput } from '../src/domain/call-report.ts';

/**
 * Campaign lifecycle as the status endpoint reports it. `waiting`: nothing left to dial now, only
 * retries and callbacks scheduled for later.
 */
export const campaignStates = ['provisioning', 'running', 'paused', 'waiting', 'completed', 'failed', 'cancelled'] as const;
export type CampaignState = (typeof campaignStates)[number];

/** Row statuses of a campaign that still owns its survey (a second launch gets 409). */
export const liveCampaignStatuses = ['launching', 'provisioning', 'running', 'paused', 'waiting'] as const;

/** Whether a row status (any string read from the database) is one of the live ones. */
export function isLiveCampaignStatus(status: string): boolean {
  return (liveCampaignStatuses as readonly string[]).includes(status);
}

/** Why a campaign paused: a person asked, or the engine protected the user. */
export type PauseReason = 'user' | 'provider_failures' | 'spend_cap';

/**
 * The seed's status shape, field for field, plus the waiting contacts and the outcome breakdown. completed + failed +
 * in_progress + waiting + pending = total_contacts.
 */
export interface CampaignStatus {
  campaign_id: string;
  status: CampaignState;
  phone_number: string | null;
  total_contacts: number;
  completed_calls: number;
  in_progress_calls: number;
  failed_calls: number;
  pending_calls: number;
  completion_percentage: number;
  /** contacts waiting for a retry, a callback or their calling hours: they hold no call slot */
  waiting_calls: number;
  /** the earliest time a waiting contact is due (ISO), null when none waits */
  next_attempt_at: string | null;
  pause_reason: PauseReason | null;
  /** estimated spend so far, in the price table's currency */
  estimated_spend: number;
  /** why the campaign stopped dialing before every contact was tried, if it did */
  stop_reason: StopReason | null;
  /** per-segment quotas: target and completes for each listed value (absent without quotas) */
  segments?: Record<string, { target: number; completed: number }>;
  /** contacts finished, by their final outcome (every outcome listed, 0 when none): they sum to completed + failed */
  outcomes: Record<CallOutcome, number>;
}

export type StopReason = 'cancelled' | 'target_reached' | 'end_at_passed';

/** What a contact's workflow run tells its campaign when the run ends. */
export interface ContactFinished {
  contactId: string;
  outcome: CallOutcome;
  attempts: number;
  /** set when the contact will be tried again: it waits (holding no slot) until then */
  waitingUntil?: string | null;
  /** the dial failed for the provider's reasons (carrier 5xx, trunk auth, CPS): feeds the circuit breaker */
  providerFailure?: boolean;
  /** estimated cost of this run's call */
  cost?: number;
  /** the contact's value of the campaign's quota variable, echoed back for the per-segment counts */
  segment?: string | null;
}

/** State of one contact's workflow, for operators and the calls endpoint. */
export interface ContactCallState {
  contactId: string;
  attempt: number;
  callId: string | null;
  phase: 'dialing' | 'in_call' | 'waiting_to_retry' | 'finished';
  outcome: CallOutcome | null;
}

/** What pause, resume and cancel answer: the campaign's state once the change is accepted. */
export interface CampaignControlState {
  status: CampaignState;
  pause_reason: PauseReason | null;
}

export interface CancelRequest {
  /** hang up calls in progress instead of letting them finish */
  hang_up?: boolean;
}

/** Sent by the voice agent (or the simulator) when a call ends; validated inside the workflow. */
export const callCompletedSignal = defineSignal<[CallReportInput]>('callCompleted');
/**
 * Sent by a contact's workflow to its campaign: by runs of older protocols always, by current ones
 * only after `campaignContinuedSignal` (otherwise their campaign run takes their result as they close).
 */
export const contactFinishedSignal = defineSignal<[ContactFinished]>('contactFinished');
/**
 * Sent by a campaign run about to continue as new to its contact runs still open: the next run will
 * not see them close, so they tell the campaign by `contactFinishedSignal` instead.
 */
export const campaignContinuedSignal = defineSignal('campaignContinued');
/** Sent by a cancelled campaign to its calls in progress when the user asked to hang them up. */
export const hangUpSignal = defineSignal('hangUp');

export const campaignStatusQuery = defineQuery<CampaignStatus>('campaignStatus');
/** Outcome counts beyond the seed's shape: completed, no_answer, busy, … */
export const campaignOutcomesQuery = defineQuery<Partial<Record<CallOutcome, number>>>('campaignOutcomes');
export const contactCallStateQuery = defineQuery<ContactCallState>('contactCallState');

/** Updates: the validator refuses an illegal transition (the caller learns why at once). */
export const pauseUpdate = defineUpdate<CampaignControlState>('pause');
export const resumeUpdate = defineUpdate<CampaignControlState>('resume');
export const cancelUpdate = defineUpdate<CampaignControlState, [CancelRequest]>('cancel');

/** The failure type of a refused update: its message names the current state. */
export const illegalTransitionType = 'IllegalTransition';

// --- ids: business ids an operator types into the Web UI; a second start of the same id conflicts ---

export const campaignWorkflowId = (campaignId: string): string => `campaign-${campaignId}`;

export const contactWorkflowId = (campaignId: string, contactId: string): string =>
  `campaign-${campaignId}-contact-${contactId}`;

/** The request id of a contact run's one `contactFinished` signal: the server drops a repeat with the same id. */
export const contactFinishedRequestId = (workflowId: string, runId: string): string => `${workflowId}/${runId}/finished`;

/** One provisioning at a time per user: concurrent requests join the running one. */
export const provisionWorkflowId = (userId: string): string => `provision-number-${userId}`;

export const releaseWorkflowId = (userId: string): string => `release-number-${userId}`;

/** One delivery of one event to one endpoint; a redelivery is a new delivery with its own id. */
export const webhookDeliveryWorkflowId = (deliveryId: string): string => `webhook-delivery-${deliveryId}`;

// --- failure types: activities fail with these, workflows (and the API, through them) branch on them ---

/** Failure types a workflow may branch on; anything else is a transient error the retry policy handles. */
export const failureTypes = {
  userNotFound: 'UserNotFound',
  campaignNotFound: 'CampaignNotFound',
  contactNotFound: 'ContactNotFound',
  providerRejected: 'ProviderRejected',
  outsideCallingHours: 'OutsideCallingHours',
  /** a dial interrupted by a lost worker whose call the provider no longer knows: never rung again */
  dialLost: 'DialLost',
  /** the webhook endpoint was disabled or deleted: its deliveries stop */
  webhookEndpointGone: 'WebhookEndpointGone',
  /** a data upkeep run whose steps failed after the others ran; the details hold what the others did */
  dataUpkeepStepsFailed: 'DataUpkeepStepsFailed',
} as const;

export type FailureType = (typeof failureTypes)[keyof typeof failureTypes];
