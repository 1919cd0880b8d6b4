// What a campaign costs in Temporal Cloud Actions, estimated from its real histories with the rules
// of Temporal's "Temporal Cloud Actions" page, and history events per contact by type.
import proto from '@temporalio/proto';

type History = proto.temporal.api.history.v1.IHistory;
const EventType = proto.temporal.api.enums.v1.EventType;

/** Temporal Cloud's published Pay-As-You-Go price for the first 5M actions a month (volume tiers go lower). */
export const TEMPORAL_CLOUD_PRICE = {
  dollarsPerMillionActions: 50,
  source: 'docs.temporal.io/cloud/pricing, "Action pricing", first tier',
  readOn: '2026-12-03',
} as const;

/**
 * Billable actions in one run's history: a child start counts two (its intent and its start), an
 * activity schedule one, every local-activity marker of one workflow task one together, a timer, a
 * signal received, a search-attribute upsert and an update one each; a run continued as new counts
 * its own start. Activity retries and heartbeats reaching the server would add to it (none here).
 */
function actionsIn(history: History, { countsOwnStart }: { countsOwnStart: boolean }): number {
  let actions = 0;
  const markerTasks = new Set<string>();
  for (const event of history.events ?? []) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        if (countsOwnStart) actions += 1;
        break;
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        actions += 2;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
      case EventType.EVENT_TYPE_TIMER_STARTED:
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        actions += 1;
        break;
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        markerTasks.add(String(event.markerRecordedEventAttributes?.workflowTaskCompletedEventId ?? event.eventId));
        break;
    }
  }
  return actions + markerTasks.size;
}

/**
 * Per contact: the campaign's runs spread over its contacts, plus the mean of the sampled contact runs
 * (whose starts the campaign's child-start actions already count), plus each status query.
 */
export function actionsPerContact(input: { campaignRuns: History[]; contactRuns: History[]; contacts: number; statusQueries: number }): number {
  const campaign = input.campaignRuns.reduce((sum, h) => sum + actionsIn(h, { countsOwnStart: true }), 0);
  const contactRuns = input.contactRuns.reduce((sum, h) => sum + actionsIn(h, { countsOwnStart: false }), 0);
  return (campaign + input.statusQueries) / input.contacts + contactRuns / Math.max(1, input.contactRuns.length);
}

/** History events per contact by type (the campaign's spread over its contacts plus a contact run's mean), largest first. */
export function eventTypeShares(input: { campaignRuns: History[]; contactRuns: History[]; contacts: number }): Record<string, number> {
  const shares: Record<string, number> = {};
  const add = (histories: History[], weight: number) => {
    for (const h of histories) {
      for (const event of h.events ?? []) {
        const name = (EventType[event.eventType ?? 0] ?? 'UNKNOWN').replace(/^EVENT_TYPE_/, '').toLowerCase();
        shares[name] = (shares[name] ?? 0) + weight;
      }
    }
  };
  add(input.campaignRuns, 1 / input.contacts);
  add(input.contactRuns, 1 / Math.max(1, input.contactRuns.length));
  return Object.fromEntries(Object.entries(shares).sort((a, b) => b[1] - a[1]));
}
