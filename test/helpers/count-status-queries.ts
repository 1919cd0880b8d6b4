import type { Client } from '@temporalio/client';
import { campaignStatusQuery } from '../../workflows/messages.ts';

/**
 * Notes the time of every campaignStatus query sent to Temporal over this client's connection (the
 * array grows as they go), whichever client on that connection sends it (the status reader asks live
 * campaigns through its own, `openRunsOnly`).
 */
export function countStatusQueries(client: Client): number[] {
  const times: number[] = [];
  const service = client.connection.workflowService;
  const queryWorkflow = service.queryWorkflow.bind(service);
  service.queryWorkflow = ((request: Parameters<typeof queryWorkflow>[0]) => {
    if (request.query?.queryType === campaignStatusQuery.name) times.push(Date.now());
    return queryWorkflow(request);
  }) as typeof service.queryWorkflow;
  return times;
}
