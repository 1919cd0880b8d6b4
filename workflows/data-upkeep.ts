import { ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { failureTypes } from './messages.ts';

/** What one upkeep run did, for the Web UI and the tests. */
export interface DataUpkeepResult {
  /** `failed`: calls whose lookup failed this run; they are looked up again on the next */
  recordings: { linked: number; discarded: number; missing: number; failed: number };
  retention: { erasedCalls: number };
  deletions: { deleted: number; failed: number };
}

/** What a run whose steps failed did: the failed steps are absent. The `DataUpkeepStepsFailed` failure's details. */
export type PartialDataUpkeepResult = Partial<DataUpkeepResult> & { failedSteps: (keyof DataUpkeepResult)[] };

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
 *
 * The steps do not depend on each other: one that fails (Twilio down) is logged and the others still
 * run, so retention never waits on the carrier. The run then fails with `DataUpkeepStepsFailed`, so
 * operators see it in the Web UI, its details holding what the other steps did.
 */
export async function dataUpkeepWorkflow(): Promise<DataUpkeepResult> {
  const done: Partial<DataUpkeepResult> = {};
  const failedSteps: (keyof DataUpkeepResult)[] = [];
  const step = async <K extends keyof DataUpkeepResult>(name: K, run: () => Promise<DataUpkeepResult[K]>) => {
    try {
      done[name] = await run();
    } catch (error) {
      log.error('data upkeep step failed; the other steps still run', { step: name, error: String(error) });
      failedSteps.push(name);
    }
  };
  await step('recordings', linkCallRecordings);
  await step('retention', applyRetention);
  await step('deletions', deleteQueuedRecordings);
  const { recordings, retention, deletions } = done;
  if (failedSteps.length > 0) {
    throw ApplicationFailure.create({
      type: failureTypes.dataUpkeepStepsFailed,
      message: `data upkeep steps failed: ${failedSteps.join(', ')} (the others ran)`,
      nonRetryable: true,
      details: [{ ...done, failedSteps } satisfies PartialDataUpkeepResult],
    });
  }
  return { recordings: recordings!, retention: retention!, deletions: deletions! };
}
