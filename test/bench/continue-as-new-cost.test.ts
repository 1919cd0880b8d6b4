import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { continueAsNewCost } from '../../scripts/bench/continue-as-new-cost.ts';

const EventType = proto.temporal.api.enums.v1.EventType;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

// as fetchHistory decodes them: 64-bit seconds
const at = (ms: number) => proto.google.protobuf.Timestamp.fromObject({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
const started = (ms: number): HistoryEvent => ({ eventTime: at(ms), eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED });
const report = (ms: number, signalName = 'contactFinished'): HistoryEvent => ({
  eventTime: at(ms),
  eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  workflowExecutionSignaledEventAttributes: { signalName },
});
const continued = (ms: number): HistoryEvent => ({ eventTime: at(ms), eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW });
const completed = (ms: number): HistoryEvent => ({ eventTime: at(ms), eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED });

/** A report every 100 ms over [fromMs, toMs), except in the gaps given. */
function reports(fromMs: number, toMs: number, gaps: [number, number][] = []): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (let t = fromMs; t < toMs; t += 100) if (!gaps.some(([a, b]) => t >= a && t < b)) events.push(report(t));
  return events;
}

describe('what continuing as new costs a campaign, read from its histories', () => {
  it('counts the reports missing around each continue-as-new as seconds of campaign at its mean rate', () => {
    // two runs of 60 s each; the first continues as new at 60 s after two seconds without a report
    const first = { events: [started(0), ...reports(0, 60_000, [[58_000, 60_000]]), continued(60_000)] };
    const second = { events: [started(60_000), ...reports(60_000, 120_000), completed(120_000)] };

    const cost = continueAsNewCost([first, second]);

    expect(cost.continues).toBe(1);
    expect(cost.campaignSeconds).toBe(120);
    // 1,180 reports in 120 s; 180 came within 10 s either side of the continue, where the mean rate gives 196.7
    const perSecond = 1180 / 120;
    expect(cost.lostSeconds).toBeCloseTo((20 * perSecond - 180) / perSecond, 6);
    expect(cost.lostSeconds).toBeCloseTo(1.69, 2);
  });

  it('counts only the contacts’ reports, and nothing for a campaign that never continued as new', () => {
    const oneRun = { events: [started(0), ...reports(0, 10_000), report(5_000, 'hangUp'), completed(10_000)] };
    expect(continueAsNewCost([oneRun])).toEqual({ continues: 0, campaignSeconds: 10, lostSeconds: 0 });

    const steady = [
      { events: [started(0), ...reports(0, 30_000), continued(30_000)] },
      { events: [started(30_000), ...reports(30_000, 60_000), completed(60_000)] },
    ];
    // a report every 100 ms throughout: none missing
    expect(continueAsNewCost(steady).lostSeconds).toBeCloseTo(0, 6);
  });
});
