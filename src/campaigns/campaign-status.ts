import type { Client, WorkflowClient } from '@temporalio/client';
import { campaignWorkflowId, campaignStatusQuery, type CampaignStatus } from '../../workflows/messages.ts';

/**
 * Answered by the campaign's workflow (its latest run), finished or not; through a client made by
 * `openRunsOnly`, refused (`QueryRejectedError`) when that run has closed.
 */
export async function queryCampaignStatus(client: Client | WorkflowClient, campaignId: string): Promise<CampaignStatus> {
  const workflows = 'workflow' in client ? client.workflow : client;
  return workflows.getHandle(campaignWorkflowId(campaignId)).query(campaignStatusQuery);
}
