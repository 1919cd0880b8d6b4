// The bare ceiling's workflow bundle: the real campaign workflow, whose children do nothing but report
// back. A bench worker runs it on its own task queue, so no benchmark-only input reaches the engine.
import { getExternalWorkflowHandle } from '@temporalio/workflow';
import type { ContactCallInput } from '../../workflows/contact-call.ts';
import { contactFinishedSignal } from '../../workflows/messages.ts';

export { campaignWorkflow } from '../../workflows/campaign.ts';

/** What the fan-out costs with no calls, activities or database. */
export async function contactCallWorkflow(input: ContactCallInput): Promise<void> {
  await getExternalWorkflowHandle(input.campaignWorkflowId).signal(contactFinishedSignal, {
    contactId: input.contactId,
    outcome: 'completed',
    attempts: 1,
  });
}
