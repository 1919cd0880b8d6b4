import type { Client } from '@temporalio/client';
import { campaignWorkflowId, campaignStatusQuery, type CampaignStatus } from '../../workflows/messages.ts';
import { statusFromRow, type CampaignRow } from './campaign-store.ts';

/** Answered by the campaign's workflow (its latest run), finished or not. */
export async function queryCampaignStatus(client: Client, campaignId: string): Promise<CampaignStatus> {
  return client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignStatusQuery);
}

/**
 * The live status if the workflow answers within `timeoutMs`, else the counts stored on the row
 * (kept current by the workflow's progress activity): a watcher always gets an answer.
 */
export async function campaignStatusOrStored(client: Client, row: CampaignRow, timeoutMs: number): Promise<CampaignStatus> {
  if (row.status === 'launching' || (row.status === 'failed' && !row.started_at)) return statusFromRow(row);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  try {
    return (await Promise.race([queryCampaignStatus(client, row.id), late])) ?? statusFromRow(row);
  } catch {
    return statusFromRow(row);
  } finally {
    clearTimeout(timer);
  }
}
