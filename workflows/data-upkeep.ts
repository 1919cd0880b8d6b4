import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

/** What one upkeep run did, for the Web UI and the tests. */
export interface DataUpkeepResult {
  recordings: { linked: number; discarded: number; missing: number };
  retention: { erasedCalls: number };
  deletions: { deleted: number; failed: number };
}

// each step is idempotent and the schedule runs again in minutes: a few quick retries, then the next run
const { linkCallRecordings, applyRetention, deleteQueuedRecordings } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

/**
 * The periodic upkeep of calls' personal data, started by the `data-upkeep` Temporal Schedule:
 * links new carrier recordings to their calls, erases what is past its survey's retention, then
 * deletes at the provider the recordings whose links are gone (retention, erasure). Retention runs
 * before the deletions so a run deletes at the provider what it erased.
 */
export async function dataUpkeepWorkflow(): Promise<DataUpkeepResult> {
  const recordings = await linkCallRecordings();
  const retention = await applyRetention();
  const deletions = await deleteQueuedRecordings();
  return { recordings, retention, deletions };
}
