import { callOutcomes, splitOutcomes, type CallOutcome } from '../src/domain/call-outcome.ts';
import type { CampaignState, CampaignStatus, PauseReason, StopReason } from './messages.ts';

/** What the status is computed from, whether a running workflow or a stored row holds it. */
export interface CampaignCounts {
  campaignId: string;
  state: CampaignState;
  phoneNumber: string | null;
  totalContacts: number;
  outcomes: Partial<Record<CallOutcome, number>>;
  inProgress: number;
  waiting: number;
  nextAttemptAt: string | null;
  pauseReason: PauseReason | null;
  spend: number;
  stopReason: StopReason | null;
  /** per-segment quota progress, when the campaign has quotas and a running workflow counts them */
  segments?: Record<string, { target: number; completed: number }> | null;
}

/** The one place the status shape is computed: the workflow's query, the stored row and the API. */
export function campaignStatus(c: CampaignCounts): CampaignStatus {
  const { completed, failed } = splitOutcomes(c.outcomes);
  const done = completed + failed;
  return {
    campaign_id: c.campaignId,
    status: c.state,
    phone_number: c.phoneNumber,
    total_contacts: c.totalContacts,
    completed_calls: completed,
    in_progress_calls: c.inProgress,
    failed_calls: failed,
    pending_calls: Math.max(0, c.totalContacts - done - c.inProgress - c.waiting),
    completion_percentage:
      c.totalContacts === 0 ? (c.state === 'completed' ? 100 : 0) : Math.round((done / c.totalContacts) * 1000) / 10,
    waiting_calls: c.waiting,
    next_attempt_at: c.waiting > 0 ? c.nextAttemptAt : null,
    pause_reason: c.state === 'paused' ? c.pauseReason : null,
    estimated_spend: Math.round(c.spend * 10_000) / 10_000,
    stop_reason: c.stopReason,
    ...(c.segments ? { segments: c.segments } : {}),
    // every outcome, so a reader (the web app's breakdown) never has to guess a missing one means 0
    outcomes: Object.fromEntries(callOutcomes.map((o) => [o, c.outcomes[o] ?? 0])) as Record<CallOutcome, number>,
  };
}
