// The benchmark's workflow bundle: the real workflows plus an empty child for the bare ceiling.
import { getExternalWorkflowHandle } from '@temporalio/workflow';
import type { ContactCallInput } from '../../workflows/contact-call.ts';
import { contactFinishedSignal } from '../../workflows/messages.ts';

export * from '../../workflows/index.ts';

/** Does nothing but report back: what the fan-out costs with no calls, activities or database. */
export async function emptyContactWorkflow(input: ContactCallInput): Promise<void> {
  await getExternalWorkflowHandle(input.campaignWorkflowId).signal(contactFinishedSignal, {
    contactId: input.contactId,
    outcome: 'completed',
    attempts: 1,
  });
}
