// What continuing as new costs a campaign, read from its runs' histories: each run stops starting
// contacts and drains its window before it continues as new (workflows/quiet-continue-as-new.ts), so
// contact reports thin out around that moment. Counting them against the campaign's mean rate tells
// whether the drains are what makes a large campaign slower per contact than a small one.
import proto from '@temporalio/proto';
import { contactFinishedSignal } from '../../workflows/messages.ts';

type History = proto.temporal.api.history.v1.IHistory;
type Timestamp = proto.google.protobuf.ITimestamp;
const EventType = proto.temporal.api.enums.v1.EventType;

export interface ContinueAsNewCost {
  /** runs that continued as new */
  continues: number;
  /** the campaign's time from its first run's start to its last run's close */
  campaignSeconds: number;
  /** seconds of campaign at its mean rate that the reports missing around the continues stand for (negative: more than the mean came) */
  lostSeconds: number;
}

/** How far either side of a continue-as-new its reports are counted (the bench's figure names it). */
export const CONTINUE_AS_NEW_SPAN_SECONDS = 10;

function millis(ts: Timestamp | null | undefined): number {
  if (!ts) return 0;
  const seconds = ts.seconds ?? 0;
  return (typeof seconds === 'number' ? seconds : seconds.toNumber()) * 1000 + (ts.nanos ?? 0) / 1e6;
}

/**
 * The contact reports (`contactFinished` signals) within `aroundSeconds` either side of each
 * continue-as-new, against what the campaign's mean rate would have brought in the same time.
 */
export function continueAsNewCost(campaignRuns: History[], aroundSeconds = CONTINUE_AS_NEW_SPAN_SECONDS): ContinueAsNewCost {
  const reports: number[] = [];
  const continues: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const run of campaignRuns) {
    for (const event of run.events ?? []) {
      const at = millis(event.eventTime);
      first = Math.min(first, at);
      last = Math.max(last, at);
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED && event.workflowExecutionSignaledEventAttributes?.signalName === contactFinishedSignal.name) reports.push(at);
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) continues.push(at);
    }
  }
  const campaignSeconds = Number.isFinite(first) ? (last - first) / 1000 : 0;
  if (continues.length === 0 || reports.length === 0 || campaignSeconds === 0) return { continues: continues.length, campaignSeconds, lostSeconds: 0 };
  const perSecond = reports.length / campaignSeconds;
  const span = aroundSeconds * 1000;
  let seen = 0;
  for (const at of continues) seen += reports.filter((r) => r >= at - span && r < at + span).length;
  const expected = continues.length * 2 * aroundSeconds * perSecond;
  return { continues: continues.length, campaignSeconds, lostSeconds: (expected - seen) / perSecond };
}
