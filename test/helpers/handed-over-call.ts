import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { campaignWorkflowId, contactWorkflowId } from '../../workflows/messages.ts';
import { uniqueEmail, type Harness, type HarnessOptions } from './harness.ts';
import { waitFor } from './wait-for.ts';

/** A harness whose first campaign run continues as new while both calls talk, and whose next run checks its handed-over calls every second. */
export const handedOverHarnessOptions: HarnessOptions = {
  callDelayMs: 6_000,
  campaign: { contactPageSize: 10, continueAsNewAfterEvents: 25, continueAsNewQuietMs: 300, maxConcurrentCalls: 2, handedOverCheckMs: 1_000 },
};

/**
 * Launches a two-contact campaign, waits until its first run has handed both calls over to the next
 * one, and terminates one call's run as an operator would. Returns the campaign and that contact.
 */
export async function terminateAHandedOverCall(h: Harness, label: string): Promise<{ campaignId: string; contactId: string }> {
  const userId = await seedUser(h.sql, uniqueEmail(label));
  const surveyId = await seedSurvey(h.sql, userId);
  await seedContacts(h.sql, userId, surveyId, 2);
  const { campaignId } = await h.launch(userId, surveyId);
  const campaign = h.client.workflow.getHandle(campaignWorkflowId(campaignId));
  await waitFor('the campaign to continue as new with both calls in progress', async () => {
    const described = await campaign.describe();
    return described.runId !== described.raw.workflowExecutionInfo?.firstRunId;
  });
  const [contactId] = await waitFor('both calls placed', async () => {
    const dialed = await h.sql<{ contact_id: string }[]>`select contact_id from calls where campaign_id = ${campaignId} order by contact_id`;
    return dialed.length === 2 ? dialed.map((c) => c.contact_id) : null;
  });
  await h.client.workflow.getHandle(contactWorkflowId(campaignId, contactId!)).terminate('stuck, said the operator');
  return { campaignId, contactId: contactId! };
}
