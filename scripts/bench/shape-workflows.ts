// The shape's ceiling: the real campaign workflow, whose children keep only what the brief's fixed
// shape asks of every contact run: dispatch by a remote activity (with the dial's policy) and a
// durable wait for the call-completed signal; then they report back as real runs do. The dispatch
// does nothing but send that signal back, as a report that comes with the dial would. No database,
// telephony, recording or answers: what Temporal charges for the shape, against which the engine's
// own work per contact is measured (the bare ceiling leaves the shape out as well). The dispatch
// runs on the run's own queue: the dial worker registers only the real dial, and the history and
// the server's work are the same on either queue.
import { ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { activityPolicies } from '../../workflows/activity-policies.ts';
import type { ContactCallInput } from '../../workflows/contact-call.ts';
import { contactFinishedSignal, type ContactFinished } from '../../workflows/messages.ts';
import { reportBack } from './report-back.ts';

export { campaignWorkflow } from '../../workflows/campaign.ts';
// its worker, like every worker, points the data-upkeep schedule at its own queue: serve what comes
export { dataUpkeepWorkflow } from '../../workflows/data-upkeep.ts';

const { reportToCampaign: dispatch } = proxyActivities<Activities>(activityPolicies.dial);

/** One dispatch and one awaited signal a contact, nothing else. */
export async function contactCallWorkflow(input: ContactCallInput): Promise<ContactFinished> {
  const finish = reportBack(input.campaignWorkflowId);
  let reported = false;
  // stands for the agent's call-completed signal: the signal `reportToCampaign` sends, aimed at this run
  setHandler(contactFinishedSignal, () => void (reported = true));
  const { workflowId, runId } = workflowInfo();
  const finished: ContactFinished = { contactId: input.contactId, outcome: 'completed', attempts: 1 };
  await dispatch({ campaignWorkflowId: workflowId, requestId: `dispatch-${runId}`, finished });
  // as the real run's wait: no timer when the report came with the dial
  if (!reported && !(await condition(() => reported, input.policy.callResultTimeoutMs))) {
    throw ApplicationFailure.nonRetryable('the dispatch signal never came: the ceiling measures nothing');
  }
  return finish(finished);
}
