import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CallOutcome } from '../src/domain/call-outcome.ts';
import type { CallReportInput } from '../src/domain/call-report.ts';

/** Campaign lifecycle as the status endpoint reports it. */
export type CampaignState = 'provisioning' | 'running' | 'completed' | 'failed';

/** The seed's status shape, field for field. */
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
}

/** What a contact's workflow tells its campaign when the contact is done (all attempts). */
export interface ContactFinished {
  contactId: string;
  outcome: CallOutcome;
  attempts: number;
}

/** State of one contact's workflow, for operators and the calls endpoint. */
export interface ContactCallState {
  contactId: string;
  attempt: number;
  callId: string | null;
  phase: 'dialing' | 'in_call' | 'waiting_to_retry' | 'finished';
  outcome: CallOutcome | null;
}

/** Sent by the voice agent (or the simulator) when a call ends; validated inside the workflow. */
export const callCompletedSignal = defineSignal<[CallReportInput]>('callCompleted');
/** Sent by a contact's workflow to its campaign. */
export const contactFinishedSignal = defineSignal<[ContactFinished]>('contactFinished');

export const campaignStatusQuery = defineQuery<CampaignStatus>('campaignStatus');
/** Outcome counts beyond the seed's shape: completed, no_answer, busy, … */
export const campaignOutcomesQuery = defineQuery<Partial<Record<CallOutcome, number>>>('campaignOutcomes');
export const contactCallStateQuery = defineQuery<ContactCallState>('contactCallState');
