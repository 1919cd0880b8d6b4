import type { Client } from '@temporalio/client';
import { campaignWorkflowId, campaignStatusQuery, type CampaignStatus } from '../../workflows/messages.ts';

/** Answered by the campaign's workflow (its latest run), finished or not. */
export async function queryCampaignStatus(client: Client, campaignId: string): Promise<CampaignStatus> {
  return client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignStatusQuery);
}
