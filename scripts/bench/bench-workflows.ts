// The bare ceiling's workflow bundle: the real campaign workflow, whose children do nothing but report
// back, the way real contact runs do (their result as they close; a local activity's signal once
// their campaign run continued as new). A bench worker runs it on its own task queue, so no
// benchmark-only input reaches the engine.
import type { ContactCallInput } from '../../workflows/contact-call.ts';
import type { ContactFinished } from '../../workflows/messages.ts';
import { reportBack } from './report-back.ts';

export { campaignWorkflow } from '../../workflows/campaign.ts';
// its worker, like every worker, points the data-upkeep schedule at its own queue: serve what comes
export { dataUpkeepWorkflow } from '../../workflows/data-upkeep.ts';

/** What the fan-out costs with no calls, remote activities or database. */
export async function contactCallWorkflow(input: ContactCallInput): Promise<ContactFinished> {
  const finish = reportBack(input.campaignWorkflowId);
  return finish({ contactId: input.contactId, outcome: 'completed', attempts: 1 });
}
