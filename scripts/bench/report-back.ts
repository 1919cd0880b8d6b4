// How a ceiling's stand-in contact run reports back, as real runs do (workflows/contact-call.ts,
// protocol 4): its result as it closes, and a local activity's signal once its campaign run said it
// continued as new. Shared by the ceilings' bundles (bench-workflows.ts, shape-workflows.ts); not a
// bundle entry itself, so nothing here becomes a workflow type.
import { proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { activityPolicies } from '../../workflows/activity-policies.ts';
import { campaignContinuedSignal, contactFinishedRequestId, type ContactFinished } from '../../workflows/messages.ts';

const { reportToCampaign } = proxyLocalActivities<Activities>(activityPolicies.bookkeeping);

/** Call as the run starts (it listens for the campaign's word); await what it returns with the result, and return that. */
export function reportBack(campaignWorkflowId: string): (finished: ContactFinished) => Promise<ContactFinished> {
  let campaignContinued = false;
  setHandler(campaignContinuedSignal, () => void (campaignContinued = true));
  return async (finished) => {
    if (campaignContinued) {
      const { workflowId, runId } = workflowInfo();
      await reportToCampaign({ campaignWorkflowId, requestId: contactFinishedRequestId(workflowId, runId), finished });
    }
    return finished;
  };
}
